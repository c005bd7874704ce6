namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 3: the agency scope table. (Number 2 is taken by the entity index of the search work.) Never edit
/// a released migration; add the next one.
/// </summary>
internal static class Migration0003
{
    public const string Sql = """
        -- The national agencies allowed on the agency API and what each may do, set by the NCB operator.
        -- Default deny: a row as inserted with no scope may neither submit, search nor read anything.
        -- read_handling / read_crime_types hold comma-separated hst.v1 enum numbers (HandlingCode, CrimeType);
        -- the read_all_* flags mean every code, present and future, and exclude an explicit list.
        CREATE TABLE agencies (
            agency_id TEXT PRIMARY KEY
                CHECK (length(agency_id) BETWEEN 1 AND 63 AND agency_id NOT GLOB '*[^a-z0-9-]*'
                       AND agency_id NOT GLOB '-*' AND agency_id NOT GLOB '*-'),
            display_name TEXT NOT NULL,
            certificate_identity TEXT NOT NULL UNIQUE CHECK (certificate_identity GLOB 'urn:hst:agency:*'),
            may_submit INTEGER NOT NULL DEFAULT 0 CHECK (may_submit IN (0, 1)),
            may_search INTEGER NOT NULL DEFAULT 0 CHECK (may_search IN (0, 1)),
            read_all_handling INTEGER NOT NULL DEFAULT 0 CHECK (read_all_handling IN (0, 1)),
            read_handling TEXT NOT NULL DEFAULT '' CHECK (read_handling NOT GLOB '*[^0-9,]*'),
            read_all_crime_types INTEGER NOT NULL DEFAULT 0 CHECK (read_all_crime_types IN (0, 1)),
            read_crime_types TEXT NOT NULL DEFAULT '' CHECK (read_crime_types NOT GLOB '*[^0-9,]*'),
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            created_at_ms INTEGER NOT NULL,
            updated_at_ms INTEGER NOT NULL,
            CHECK (read_all_handling = 0 OR read_handling = ''),
            CHECK (read_all_crime_types = 0 OR read_crime_types = '')
        ) STRICT;
        """;
}

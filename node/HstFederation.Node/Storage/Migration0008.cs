namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 8: blind matching tokens (docs/node.md, "Blind tokens and the matching key"). A message the hub may not
/// read leaves with keyed tokens of its strong identifiers (SubmitRequest.matching_tokens), computed when it is sealed
/// under the federation matching key. They are kept beside the kept envelope, written in the same statement and
/// dropped with it on a reseal, so every retry (also after a restart) submits the same envelope with the same tokens.
/// </summary>
internal static class Migration0008
{
    public const string Sql = """
        -- A serialized hst.v1.SubmitRequest holding only matching_tokens (and matching_tokens_other_keys during a key
        -- rotation): what the submission adds to the envelope. NULL when the message carries none (the hub may read
        -- it, no key, no strong identifier).
        ALTER TABLE outbox ADD COLUMN matching_tokens BLOB;
        """;
}

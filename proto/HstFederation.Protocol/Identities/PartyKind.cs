namespace HstFederation.Protocol.Identities;

public enum PartyKind
{
    Member = 1,
    Hub = 2,
}

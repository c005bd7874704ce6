namespace HstFederation.Storage;

/// <summary>
/// Which program a database file belongs to. Each stamps its files with its own <c>PRAGMA application_id</c> when it
/// creates them; a file from before the stamp is recognised by <see cref="MarkerTable"/>, a table only that program creates.
/// </summary>
/// <param name="Name">"hub" or "node", as messages name it.</param>
/// <param name="Tool">The executable, for messages ("hst-hub").</param>
/// <param name="DatabaseSetting">The setting that names the file ("Hub:DatabasePath").</param>
public sealed record DatabaseProgram(string Name, string Tool, int ApplicationId, string MarkerTable, string DatabaseSetting)
{
    /// <summary>"HSTH". docs/hub.md, Storage.</summary>
    public static readonly DatabaseProgram Hub = new("hub", "hst-hub", 0x48535448, "members", "Hub:DatabasePath");

    /// <summary>"HSTN". docs/node.md, Storage.</summary>
    public static readonly DatabaseProgram Node = new("node", "hst-node", 0x4853544E, "outbox", "Node:DatabasePath");

    /// <summary>The other program of the federation: the one whose file is most likely to be given by mistake.</summary>
    public DatabaseProgram Other => this == Hub ? Node : Hub;
}

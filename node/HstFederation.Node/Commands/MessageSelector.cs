using System.Globalization;
using System.Text.RegularExpressions;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Commands;

/// <summary>
/// A message as an operator names it, in any form the node or the hub prints one, so that an id copied from one command
/// works in every other: the UUID ('outbox', 'inbox', 'send', 'hits'), its 32 hex digits (the hub's ledger, sqlite3's
/// hex(message_id)), or a local row: outbox:N / inbox:N, also as printed ("outbox #12" by 'send' and 'show', "inbox=7" by
/// 'products'). Every command that takes a message id parses it here; a local row is resolved once the store is open.
/// </summary>
internal sealed partial class MessageSelector
{
    /// <summary>The forms, for help texts and usage errors.</summary>
    public const string Forms =
        "a message id such as 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b (or its 32 hex digits), or outbox:N / inbox:N " +
        "(the row 'outbox' and 'inbox' list as ID, 'show' and 'send' print as outbox #N)";

    private readonly string _text;
    private readonly byte[]? _id;
    private readonly MessageBox _box;
    private readonly long _localId;

    private MessageSelector(string text, byte[]? id, MessageBox box, long localId)
    {
        _text = text;
        _id = id;
        _box = box;
        _localId = localId;
    }

    /// <summary>The selector <paramref name="text"/> names, or a usage error listing the forms.</summary>
    public static MessageSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (MessageIds.TryParse(trimmed, out var id))
        {
            return new MessageSelector(trimmed, id, default, 0);
        }

        if (trimmed.Length == 2 * MessageIds.Size && trimmed.All(Uri.IsHexDigit) && Convert.FromHexString(trimmed) is var bytes && MessageIds.IsValid(bytes))
        {
            return new MessageSelector(trimmed, bytes, default, 0);
        }

        if (LocalRow().Match(trimmed) is { Success: true } row
            && long.TryParse(row.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var local) && local > 0)
        {
            var box = row.Groups["box"].Value.Equals("outbox", StringComparison.OrdinalIgnoreCase) ? MessageBox.Outbox : MessageBox.Inbox;
            return new MessageSelector(trimmed, null, box, local);
        }

        throw new CommandUsageException($"'{text}' is not a message id: give {Forms}.");
    }

    /// <summary>The message id: as given, or the id of the local row (a failure naming the row when there is none).</summary>
    public async Task<byte[]> ResolveAsync(NodeStore store, CancellationToken cancellationToken) =>
        _id ?? await store.MessageIdOfAsync(_box, _localId, cancellationToken)
        ?? throw new CommandFailedException(
            $"no message {_text}: there is no {_box.ToStorage()} #{_localId.ToString(CultureInfo.InvariantCulture)} ('hst-node {_box.ToStorage()}' lists the rows).");

    public override string ToString() => _text;

    [GeneratedRegex(@"^(?<box>outbox|inbox)\s*[:#=]\s*(?<n>[0-9]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocalRow();
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Node.Agency;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>
/// `agencies block-certificate | unblock-certificate | certificates`: one agency certificate cut off (a lost or stolen one)
/// while the agency's other certificates keep working. A certificate is named by its file or by its serial (one the NCB no
/// longer holds), never by the DER's hash, which the holder can change (<see cref="AgencyCertificateSerial"/>). Every change
/// is audited by the store.
/// </summary>
internal static class AgencyCertificateActions
{
    public const string CertificateOption = "--certificate";
    public const string SerialOption = "--serial";
    public const string ReasonOption = "--reason";

    /// <summary>
    /// Runs <paramref name="action"/> on the agency <paramref name="agencyId"/>: its options are read before the store is opened,
    /// which refuses any other (<see cref="CommandContext.Settings"/>).
    /// </summary>
    public static async Task<int> RunAsync(CommandContext context, string action, string agencyId, CancellationToken cancellationToken)
    {
        var named = action == "certificates" ? null : Named.Read(context.Arguments);
        var reason = action == "block-certificate" && context.Arguments.Optional(ReasonOption) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        await using var store = context.OpenStore(context.StoreSettings());
        var agency = await store.GetAgencyAsync(agencyId, cancellationToken) ?? throw AgenciesCommand.Unknown(agencyId);
        return action switch
        {
            "block-certificate" => await BlockAsync(context, store, agency, Target(named!, agency) with { Reason = reason }, cancellationToken),
            "unblock-certificate" => await UnblockAsync(context, store, agency, Target(named!, agency), cancellationToken),
            _ => await ListAsync(context, store, agency, cancellationToken),
        };
    }

    private static async Task<int> BlockAsync(
        CommandContext context, NodeStore store, AgencyRecord agency, NewCertificateBlock target, CancellationToken cancellationToken)
    {
        CertificateBlockResult result;
        try
        {
            result = await store.BlockAgencyCertificateAsync(target, CommandContext.Actor, cancellationToken)
                ?? throw new CommandFailedException($"no agency '{agency.AgencyId}' is registered ('hst-node agencies list' shows them).");
        }
        catch (AgencyConflictException e)
        {
            throw new CommandFailedException(e.Message, e);
        }

        if (context.Json)
        {
            context.WriteJson(new { result.Added, Block = Json(result.Block) });
            return NodeCommandLine.Success;
        }

        var block = result.Block;
        context.Out.WriteLine(result.Added
            ? $"Blocked certificate serial {block.Serial} of {agency.AgencyId}: new connections with it are refused at the handshake and calls on open ones with CERTIFICATE_BLOCKED; the agency's other certificates keep working."
            : $"Certificate serial {block.Serial} of {agency.AgencyId} was already blocked (since {Display.Time(block.BlockedAtMs)} by {Display.Safe(block.BlockedBy)}); nothing changed.");
        WriteKnown(context.Out, block);
        return NodeCommandLine.Success;
    }

    private static async Task<int> UnblockAsync(
        CommandContext context, NodeStore store, AgencyRecord agency, NewCertificateBlock target, CancellationToken cancellationToken)
    {
        var removed = await store.UnblockAgencyCertificateAsync(agency.AgencyId, target.Serial, CommandContext.Actor, cancellationToken)
            ?? throw new CommandFailedException(
                $"certificate serial {target.Serial} is not blocked for agency '{agency.AgencyId}' " +
                $"('hst-node agencies certificates {agency.AgencyId}' lists its blocked certificates).");
        if (context.Json)
        {
            context.WriteJson(new { Unblocked = Json(removed) });
            return NodeCommandLine.Success;
        }

        context.Out.WriteLine($"Unblocked certificate serial {removed.Serial} of {agency.AgencyId}: its calls are accepted again (within the agency's scope).");
        return NodeCommandLine.Success;
    }

    private static async Task<int> ListAsync(CommandContext context, NodeStore store, AgencyRecord agency, CancellationToken cancellationToken)
    {
        var blocks = await store.ListBlockedAgencyCertificatesAsync(agency.AgencyId, cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new { Agency = agency.AgencyId, CertificateIdentity = agency.CertificateIdentity.Uri, Blocked = blocks.Select(Json) });
            return NodeCommandLine.Success;
        }

        if (blocks.Count == 0)
        {
            context.Out.WriteLine($"No certificate of {agency.AgencyId} ({agency.CertificateIdentity}) is blocked.");
            return NodeCommandLine.Success;
        }

        context.Out.WriteLine($"Blocked certificates of {agency.AgencyId} ({agency.CertificateIdentity}): {blocks.Count}");
        foreach (var block in blocks)
        {
            // One block per paragraph: a 40-digit serial and a 64-digit fingerprint do not fit a table column.
            context.Out.WriteLine();
            context.Out.WriteLine($"serial      {block.Serial}");
            context.Out.WriteLine($"blocked     {Display.Time(block.BlockedAtMs)} by {Display.Safe(block.BlockedBy)}");
            WriteKnown(context.Out, block);
        }

        return NodeCommandLine.Success;
    }

    /// <summary>The certificate named by --certificate or --serial (exactly one): a file not read yet, or a checked serial.</summary>
    private sealed record Named(string? File, string? Serial)
    {
        public static Named Read(CommandArguments arguments)
        {
            var file = arguments.Optional(CertificateOption);
            var hex = arguments.Optional(SerialOption);
            if ((file is null) == (hex is null))
            {
                throw new CommandUsageException($"name the certificate with {CertificateOption} FILE.pem or {SerialOption} HEX (one of them).");
            }

            return hex is null ? new Named(file, null)
                : AgencyCertificateSerial.TryParse(hex, out var serial) ? new Named(null, serial)
                : throw new CommandUsageException(
                    $"{SerialOption} is the certificate's serial number: hex digits (at most {AgencyCertificateSerial.MaxBytes} bytes), colons, spaces or openssl's 'serial=' allowed, not '{Display.Safe(hex, 80)}'.");
        }
    }

    /// <summary>The certificate <paramref name="named"/>, as a block of <paramref name="agency"/>; a file must carry its identity.</summary>
    private static NewCertificateBlock Target(Named named, AgencyRecord agency)
    {
        if (named.Serial is { } serial)
        {
            return new NewCertificateBlock(agency.AgencyId, serial);
        }

        var file = named.File!;
        using var certificate = Load(file);
        List<string> uris;
        try
        {
            uris = AgencyTrust.IdentityUris(certificate);
        }
        catch (AsnContentException e)
        {
            throw new CommandFailedException($"{file}: its subject alternative names cannot be read: {e.Message}", e);
        }

        if (!uris.Contains(agency.CertificateIdentity.Uri, StringComparer.Ordinal))
        {
            var carried = uris.Count == 0 ? "no URI subject alternative name" : "identity " + string.Join(", ", uris.Select(u => Display.Safe(u, 100)));
            throw new CommandFailedException(
                $"{file} is not a certificate of agency '{agency.AgencyId}': it carries {carried}, not {agency.CertificateIdentity.Uri}; nothing was changed.");
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds();
        return new NewCertificateBlock(agency.AgencyId, AgencyCertificateSerial.Of(certificate), AgencyCertificateFingerprint.Of(certificate), certificate.Subject, notAfter);
    }

    /// <summary>A certificate file, PEM or DER (the first certificate of a PEM bundle); failures name the file.</summary>
    private static X509Certificate2 Load(string path)
    {
        try
        {
            // Read first: the loader reports a missing file as a CryptographicException ("BIO routines::no such file").
            return X509CertificateLoader.LoadCertificate(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandFailedException($"{path}: file not found.", e);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{path}: not a readable certificate: {e.Message}", e);
        }
    }

    private static void WriteKnown(TextWriter output, BlockedAgencyCertificate block)
    {
        if (block.Subject is not null)
        {
            output.WriteLine($"subject     {Display.Safe(block.Subject)}");
        }

        if (block.Fingerprint is not null)
        {
            output.WriteLine($"sha256      {block.Fingerprint}");
        }

        if (block.NotAfterMs is { } notAfter)
        {
            output.WriteLine($"valid until {Display.Time(notAfter)}");
        }

        if (block.Reason is not null)
        {
            output.WriteLine($"reason      {Display.Safe(block.Reason)}");
        }
    }

    private static object Json(BlockedAgencyCertificate block) => new
    {
        Agency = block.AgencyId, block.Serial, Sha256 = block.Fingerprint, block.Subject,
        NotAfter = block.NotAfterMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
        block.Reason, BlockedAt = DateTimeOffset.FromUnixTimeMilliseconds(block.BlockedAtMs), block.BlockedBy,
    };
}

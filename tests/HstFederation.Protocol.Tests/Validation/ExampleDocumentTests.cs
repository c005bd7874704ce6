using Google.Protobuf;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;
using HstFederation.Testing;

namespace HstFederation.Protocol.Tests.Validation;

/// <summary>Keeps docs/hst-message.md and docs/examples/hst-message.json in step with the code.</summary>
public sealed class ExampleDocumentTests
{
    // The instant the example was written for: its dates and retain_until are valid at this time.
    private static readonly DateTimeOffset ExampleNow = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static string ExampleJson => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "examples", "hst-message.json"));

    [Fact]
    public void ExampleJson_ParsedStrictly_IsValid()
    {
        // Default settings reject unknown field names, so a renamed field in the proto breaks this test.
        var message = JsonParser.Default.Parse<HstMessage>(ExampleJson);

        var result = HstMessageValidator.Validate(message, ExampleNow);

        Assert.Equal([], result.Errors.Select(e => $"{e.Path} {e.Code}: {e.Message}"));
        Assert.Equal(HandlingCode.H2, message.Handling.Code);
        Assert.NotEmpty(message.Persons);
    }

    [Fact]
    public void ExampleJson_FormattedBack_IsUnchanged()
    {
        var message = JsonParser.Default.Parse<HstMessage>(ExampleJson);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithIndentation("  "));

        Assert.Equal(ExampleJson.TrimEnd('\n'), formatter.Format(message));
    }

    [Fact]
    public void ModelDocument_EmbedsTheExampleVerbatim()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "hst-message.md"));

        Assert.Contains("```json\n" + ExampleJson + "```", document, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelDocument_ListsEveryErrorCodeAndLimit()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "hst-message.md"));
        var codes = typeof(ErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!);
        var limits = typeof(HstMessageLimits).GetFields().Where(f => f.IsLiteral).Select(f => f.Name);

        Assert.All(codes, code => Assert.Contains($"`{code}`", document, StringComparison.Ordinal));
        Assert.All(limits, limit => Assert.Contains($"`{limit}`", document, StringComparison.Ordinal));
    }
}

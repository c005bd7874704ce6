using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>`send --hub-may-read yes|no` overrides the message's hubMayRead either way; `send --file` names a directory.</summary>
public sealed class SendHubReadingTests : CommandLineTestBase
{
    [Theory]
    [InlineData(true, new[] { "--hub-may-read", "no" }, false)]
    [InlineData(false, new[] { "--hub-may-read", "yes" }, true)]
    [InlineData(false, new[] { "--hub-may-read" }, true)]
    [InlineData(true, new string[] { }, true)]
    [InlineData(false, new string[] { }, false)]
    public async Task HubMayRead_OverridesTheFileEitherWay(bool inFile, string[] option, bool expected)
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.HubMayRead = inFile;

        var send = await RunAsync(Fr, "send", ["--file", await WriteMessageAsync(message), "--to", "DE", .. option, "--json"]);

        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        Assert.Equal(expected, JsonDocument.Parse(send.Out).RootElement.GetProperty("hubMayRead").GetBoolean());
        var stored = await Fr.Store.GetOutboxAsync(JsonDocument.Parse(send.Out).RootElement.GetProperty("localId").GetInt64());
        Assert.Equal(expected, Protocol.V1.HstMessage.Parser.ParseFrom(stored!.Plaintext).Handling.HubMayRead);
    }

    [Fact]
    public async Task HubMayRead_GivenTwice_IsABadArgument()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));

        var send = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--hub-may-read", "yes", "--hub-may-read", "no");

        Assert.Equal(NodeCommandLine.BadArguments, send.ExitCode);
        Assert.Contains("--hub-may-read is given twice", send.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task File_ADirectory_IsNamedAsADirectory()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Fr.DirectoryPath, "cases")).FullName;

        var send = await RunAsync(Fr, "send", "--file", directory, "--to", "DE");

        Assert.Equal(NodeCommandLine.Failure, send.ExitCode);
        Assert.Contains($"{directory} is a directory, not a file", send.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", send.Error, StringComparison.Ordinal);
    }
}

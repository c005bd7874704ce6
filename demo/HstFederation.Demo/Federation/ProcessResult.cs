namespace HstFederation.Demo.Federation;

/// <summary>What a finished command printed and its exit code.</summary>
internal sealed record ProcessResult(int ExitCode, string Out, string Error);

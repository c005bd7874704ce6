namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>A party's <c>verify-audit</c> result: intact or not, how many entries, and the command's output.</summary>
internal sealed record AuditResult(string Party, bool Intact, long Entries, string Output);

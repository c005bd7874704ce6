using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Validation;

/// <summary>One broken rule: how to break the realistic sample, and the single error expected.</summary>
public sealed record RuleCase(string Name, Action<HstMessage> Break, string Path, string Code)
{
    public override string ToString() => Name;
}

/// <summary>Theory data of <see cref="RuleCase"/>s, shown by name in the test explorer.</summary>
public sealed class RuleCases : TheoryData<RuleCase>
{
    public void Add(string name, Action<HstMessage> mutate, string path, string code) => Add(new RuleCase(name, mutate, path, code));
}

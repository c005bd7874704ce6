using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;
using HstFederation.Testing.Samples;

namespace HstFederation.Protocol.Tests.Validation;

/// <summary>A fixed clock and assertions shared by the validation tests.</summary>
internal static class ValidationExpect
{
    public static readonly DateTimeOffset Now = new(2026, 3, 15, 10, 30, 0, TimeSpan.Zero);

    public static HstMessage Realistic() => SampleMessages.Realistic(Now);

    public static HstMessage Mutated(Action<HstMessage> mutate)
    {
        var message = Realistic();
        mutate(message);
        return message;
    }

    /// <summary>Asserts that validation reports exactly one error, at <paramref name="path"/> with <paramref name="code"/>.</summary>
    public static void SingleError(HstMessage message, string path, string code)
    {
        var result = HstMessageValidator.Validate(message, Now);
        Assert.Equal([$"{path} {code}"], result.Errors.Select(e => $"{e.Path} {e.Code}"));
        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrWhiteSpace(result.Errors[0].Message));
    }

    public static void Valid(HstMessage message)
    {
        var result = HstMessageValidator.Validate(message, Now);
        Assert.Equal([], result.Errors.Select(e => $"{e.Path} {e.Code}: {e.Message}"));
        Assert.True(result.IsValid);
    }
}

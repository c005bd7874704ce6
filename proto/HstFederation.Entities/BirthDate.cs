namespace HstFederation.Entities;

/// <summary>A date of birth known in part: <see cref="Month"/> and <see cref="Day"/> are 0 when unknown.</summary>
public readonly record struct BirthDate(int Year, int Month, int Day)
{
    public bool HasMonth => Month is >= 1 and <= 12;

    public bool HasDay => HasMonth && Day is >= 1 and <= 31;

    public override string ToString() =>
        HasDay ? $"{Year:D4}-{Month:D2}-{Day:D2}" : HasMonth ? $"{Year:D4}-{Month:D2}" : $"{Year:D4}";
}

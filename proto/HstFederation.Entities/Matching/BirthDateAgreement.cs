namespace HstFederation.Entities.Matching;

/// <summary>How two partial dates of birth agree, and what that contributes (docs/matching.md §3).</summary>
internal static class BirthDateAgreement
{
    public static (string Agreement, double Contribution) Compare(BirthDate? a, BirthDate? b, MatchingOptions options)
    {
        if (a is not { } x || b is not { } y)
        {
            return ("missing", 0);
        }

        if (x.HasDay && y.HasDay)
        {
            return Full(x, y, options);
        }

        if (x.HasMonth && y.HasMonth)
        {
            return x.Year == y.Year && x.Month == y.Month
                ? ("year and month", options.DateOfBirthYearAndMonth)
                : ("disagrees", options.DateOfBirthDisagrees);
        }

        return x.Year == y.Year
            ? ("year only", options.DateOfBirthYearOnly)
            : Math.Abs(x.Year - y.Year) == 1 ? ("year differs by one", 0) : ("disagrees", options.DateOfBirthDisagrees);
    }

    private static (string, double) Full(BirthDate x, BirthDate y, MatchingOptions options)
    {
        if (x == y)
        {
            return ("exact", options.DateOfBirthExact);
        }

        if (x.Year == y.Year && x.Month == y.Day && x.Day == y.Month)
        {
            return ("day and month swapped", options.DateOfBirthDayMonthSwapped);
        }

        var agreeing = (x.Year == y.Year ? 1 : 0) + (x.Month == y.Month ? 1 : 0) + (x.Day == y.Day ? 1 : 0);
        if (agreeing == 2)
        {
            var typo = x.Year != y.Year ? Math.Abs(x.Year - y.Year) == 1 || OneDigit(x.Year, y.Year)
                : x.Month != y.Month ? OneDigit(x.Month, y.Month) : OneDigit(x.Day, y.Day);
            if (typo)
            {
                var field = x.Year != y.Year ? "year" : x.Month != y.Month ? "month" : "day";
                return ($"{field} differs", options.DateOfBirthOneFieldDiffers);
            }
        }

        return ("disagrees", options.DateOfBirthDisagrees);
    }

    /// <summary>Whether two numbers differ in one decimal digit, or by two swapped adjacent digits (1978 / 1987).</summary>
    private static bool OneDigit(int a, int b)
    {
        var (sa, sb) = (a.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), b.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
        if (sa.Length != sb.Length)
        {
            return false;
        }

        var differing = Enumerable.Range(0, sa.Length).Where(i => sa[i] != sb[i]).ToList();
        return differing.Count == 1
            || (differing.Count == 2 && differing[1] == differing[0] + 1 && sa[differing[0]] == sb[differing[1]] && sa[differing[1]] == sb[differing[0]]);
    }
}

using HstFederation.Demo.Scenario;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Run;

/// <summary>Step 1: FR's NCB reports the network to DE and IT with its node's CLI.</summary>
internal sealed partial class DemoRunner
{
    private async Task SendNetworkCaseAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var content = NetworkCase.Create(now);
        _report.Heading("1. FR's NCB reports a smuggling network to DE and IT (H2, the hub may read) with its node's CLI");
        _report.Line($"case       {content.Case.Reference}: {Describe(content)}");
        await SendWithCliAsync(_networkReport, content, "H2", cancellationToken);
        await FollowAsync(_networkReport, cancellationToken);
    }

    /// <summary>What the report holds, in counts and countries: enough to follow it, no names or numbers.</summary>
    private static string Describe(HstMessage message)
    {
        var route = message.Routes[0].Legs
            .SelectMany(l => new[] { l.From.Country }.Concat(l.Via.Select(v => v.Country)).Append(l.To.Country))
            .Aggregate(new List<string>(), (countries, country) =>
            {
                if (countries.Count == 0 || countries[^1] != country)
                {
                    countries.Add(country);
                }

                return countries;
            });
        return $"{message.Persons.Count} persons ({message.Persons.Sum(p => p.Documents.Count)} documents, {message.Persons.Sum(p => p.Phones.Count)} phones), "
            + $"{message.Organisations.Count} organisation, {message.Conveyances.Count} vehicle, route {string.Join(" → ", route)} "
            + $"(origin {route[0]}, transit {string.Join(", ", route.Skip(1).SkipLast(1))}, destination {route[^1]})";
    }
}

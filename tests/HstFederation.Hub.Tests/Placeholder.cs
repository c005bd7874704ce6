namespace HstFederation.Hub.Tests;

internal static class Placeholder;

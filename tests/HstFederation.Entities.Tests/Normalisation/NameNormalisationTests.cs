using HstFederation.Entities.Normalisation;

namespace HstFederation.Entities.Tests.Normalisation;

public sealed class NameNormalisationTests
{
    [Theory]
    [InlineData("Łukasz  ŻÓŁĆ", "lukasz zolc")]
    [InlineData("Ахмед Карімов", "akhmed karimov")]
    [InlineData("Γιώργος Παπαδόπουλος", "giorgos papadopoylos")]
    [InlineData("O'Brien-Smith", "obrien smith")]
    [InlineData("ＦＵＬＬ ﬁn", "full fin")]
    [InlineData("محمد عبد الله", "mhmd bd llh")]
    public void NameText_Key_TransliteratesFoldsAndTokenises(string text, string expected) => Assert.Equal(expected, NameText.Key(text));

    [Fact]
    public void NameText_Tokens_ComposedAndDecomposedCyrillicAgree()
    {
        Assert.Equal(NameText.Key("Сергій"), NameText.Key("Сергі" + "и\u0306"));
        Assert.Equal(NameText.Key("Ёлкин"), NameText.Key("Е\u0308лкин"));
        Assert.Equal(NameText.Key("Café"), NameText.Key("Cafe\u0301"));
    }

    [Theory]
    [InlineData("mohammed", "muhammad")]
    [InlineData("mohammed", "mhmd")]
    [InlineData("khaled", "khalid")]
    [InlineData("youssef", "yusuf")]
    [InlineData("oleksandr", "alexander")]
    [InlineData("hussein", "husayn")]
    [InlineData("akhmed", "ahmed")]
    [InlineData("papadopoulos", "papadopoylos")]
    public void PhoneticKey_TransliterationVariants_ShareAKey(string a, string b) => Assert.Equal(PhoneticKey.Of(a), PhoneticKey.Of(b));

    [Theory]
    [InlineData("mohammed", "ahmed")]
    [InlineData("ivanov", "ivashov")]
    public void PhoneticKey_DifferentNames_Differ(string a, string b) => Assert.NotEqual(PhoneticKey.Of(a), PhoneticKey.Of(b));

    [Theory]
    [InlineData("Balkan Express d.o.o.", "balkan express")]
    [InlineData("BALKAN-EXPRESS DOO", "balkan express")]
    [InlineData("Sahara Travel & Tours LLC", "sahara travel and tours")]
    [InlineData("The Golden Route S.A.", "golden route")]
    [InlineData("Société Générale Ltd.", "societe generale")]
    [InlineData("Polska Sp. z o.o.", "polska")]
    [InlineData("GmbH", "gmbh")]
    public void OrganisationNames_Normalise_FoldsCasePunctuationAndLegalForms(string name, string expected) =>
        Assert.Equal(expected, OrganisationNames.Normalise(name));
}

using System.ComponentModel.DataAnnotations;

namespace AskBot.Discord.Tests;

public sealed class DiscordOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(Validate(new DiscordOptions()));
    }

    [Fact]
    public void A_minimum_delay_above_its_maximum_is_rejected_naming_the_setting()
    {
        var options = new DiscordOptions { InvalidSessionMinDelaySeconds = 9, InvalidSessionMaxDelaySeconds = 5, InitialReconnectDelaySeconds = 90, MaxReconnectDelaySeconds = 60 };

        var members = Validate(options).SelectMany(result => result.MemberNames).ToList();

        Assert.Equal([nameof(DiscordOptions.InvalidSessionMinDelaySeconds), nameof(DiscordOptions.InitialReconnectDelaySeconds)], members);
    }

    private static List<ValidationResult> Validate(DiscordOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}

namespace AskBot.Discord.Tests;

namespace AskBot.Providers.OpenAI.Tests;

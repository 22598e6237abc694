global using AskBot.Providers.OpenAI.Tests.Fakes;

namespace AskBot.Providers.OpenAI.Tests;

using System.CommandLine;
using AskBot.Cli;
using AskBot.Cli.Commands;

var console = CliConsole.FromSystemConsole();
var root = new RootCommand("AskBot answers questions about a folder of news articles, citing verbatim numbered sources.")
    .AddAskCommand(console)
    .AddChatCommand(console)
    .AddIndexCommand(console)
    .AddEvalCommand(console)
    .AddGuardCheckCommand(console)
    .AddDiscordCommand(console)
    .AddFeedbackCommand(console);
return await root.InvokeWithExitCodesAsync(args, console);

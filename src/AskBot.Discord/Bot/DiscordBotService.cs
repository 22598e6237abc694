using System.Collections.Concurrent;
using System.Threading.Channels;
using AskBot.Discord.Gateway;
using AskBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AskBot.Discord.Bot;

/// <summary>
/// Runs the bot under the Generic Host: the gateway writes events into a bounded channel, and a dispatcher hands each
/// one to <see cref="DiscordBot"/> on its own task, so a slow answer never holds up the gateway's receive loop (and
/// its heartbeats). READY is handled in order, before any later event. When the gateway stops for good, the reason is
/// kept in <see cref="DiscordBotRunState"/> and the application is stopped; on shutdown, answers in progress get a
/// short grace period to finish.
/// </summary>
public sealed partial class DiscordBotService : BackgroundService
{
    /// <summary>Events buffered between the gateway and the dispatcher.</summary>
    internal const int EventBufferSize = 1024;

    /// <summary>Handlers running or waiting at once; beyond this, new events are dropped (with a warning) rather than queued without bound.</summary>
    internal const int MaxPendingHandlers = 1024;

    private readonly IDiscordGateway gateway;
    private readonly DiscordBot bot;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<DiscordBotService> logger;
    private readonly DiscordBotRunState state;
    private readonly ConcurrentDictionary<Task, bool> handlers = new();
    private readonly CancellationTokenSource handlerStop = new();

    public DiscordBotService(
        IDiscordGateway gateway,
        DiscordBot bot,
        IOptions<DiscordOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<DiscordBotService> logger,
        DiscordBotRunState state)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(state);
        this.gateway = gateway;
        this.bot = bot;
        this.lifetime = lifetime;
        this.logger = logger;
        this.state = state;
    }

    /// <summary>How long shutdown waits for answers in progress before cancelling them.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public override void Dispose()
    {
        this.handlerStop.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = Channel.CreateBounded<GatewayEvent>(new BoundedChannelOptions(EventBufferSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var dispatchStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var dispatcher = this.DispatchAsync(events.Reader, dispatchStop.Token);
        try
        {
            await this.gateway.RunAsync(events.Writer, stoppingToken).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                this.LogGatewayEnded();
                this.lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        catch (Exception ex)
        {
            this.state.Failure = ex;
            this.LogFatal(ex, Describe(ex));
            this.lifetime.StopApplication();
        }
        finally
        {
            events.Writer.TryComplete();
        }

        await dispatchStop.CancelAsync().ConfigureAwait(false);
        await dispatcher.ConfigureAwait(false);
        await this.DrainHandlersAsync().ConfigureAwait(false);
    }

    private async Task DispatchAsync(ChannelReader<GatewayEvent> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var gatewayEvent in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (gatewayEvent is ReadyEvent)
                {
                    // The bot's own id must be known before the messages that follow are routed.
                    await this.RunHandlerAsync(gatewayEvent).ConfigureAwait(false);
                    continue;
                }

                if (this.handlers.Count >= MaxPendingHandlers)
                {
                    this.LogOverloaded(gatewayEvent.GetType().Name);
                    continue;
                }

                var handler = Task.Run(() => this.RunHandlerAsync(gatewayEvent), CancellationToken.None);
                this.handlers.TryAdd(handler, true);
                _ = handler.ContinueWith(
                    (done, self) => ((DiscordBotService)self!).handlers.TryRemove(done, out _),
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: events not yet dispatched are dropped.
        }
    }

    private async Task RunHandlerAsync(GatewayEvent gatewayEvent)
    {
        try
        {
            await this.bot.HandleAsync(gatewayEvent, this.handlerStop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (this.handlerStop.IsCancellationRequested)
        {
            // Cancelled at shutdown after the grace period.
        }
        catch (Exception ex)
        {
            // DiscordBot handles its own failures; this is the last guard so the dispatcher never dies.
            this.LogHandlerFailed(ex, gatewayEvent.GetType().Name);
        }
    }

    private async Task DrainHandlersAsync()
    {
        var running = this.handlers.Keys.ToArray();
        if (running.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(this.ShutdownGracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            this.LogGraceExpired(running.Count(t => !t.IsCompleted));
            await this.handlerStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).WaitAsync(this.ShutdownGracePeriod).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        DiscordGatewayFatalException { CloseCode: 4014 } => "Discord refused the gateway intents (4014): enable the MESSAGE CONTENT intent on the Bot page of the developer portal, or remove it from AskBot:Discord:Intents",
        DiscordGatewayFatalException { CloseCode: 4004 } => "Discord refused the bot token (4004); check AskBot:Discord:Token",
        DiscordGatewayFatalException fatal => "The Discord gateway stopped for good: " + fatal.Message,
        DiscordUnauthorizedException => "Discord refused the bot token (401); check AskBot:Discord:Token",
        _ => "The Discord gateway failed: " + ex.GetType().Name,
    };

    // Debug only: the failure is kept in DiscordBotRunState for the host's owner (askbot discord) to report once;
    // logging it here too printed the same refusal on several lines.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Reason}. The bot is stopping.")]
    private partial void LogFatal(Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Discord gateway stopped without being asked to; the bot is stopping")]
    private partial void LogGatewayEnded();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many events in progress; dropped a {EventType}")]
    private partial void LogOverloaded(string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a {EventType} failed")]
    private partial void LogHandlerFailed(Exception exception, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} answers still in progress at shutdown were cancelled")]
    private partial void LogGraceExpired(int count);
}

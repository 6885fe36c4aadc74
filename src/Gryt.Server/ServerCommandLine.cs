using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gryt.Server;

/// <summary>
/// <c>gryt-server [--database D] [--urls U]</c> serves; <c>keys create|list|revoke</c> manage API keys.
/// Failures are one line <c>gryt-server: error: …</c> with gryt's exit codes (2 bad input, 3 not found, 5 environment).
/// </summary>
internal static class ServerCommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken token = default)
    {
        var database = new Option<string?>("--database") { Description = "A SQLite file path, or a PostgreSQL connection string (Host=…;Database=…)", HelpName = "PATH|CONNSTRING", Recursive = true };
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => ServerApp.DefaultUrl, HelpName = "URL" };
        var root = new RootCommand("gryt-server: the shared record of a team's gryt repositories and CI runners (docs/sync.md).") { database, urls };
        root.SetAction(async (result, ct) => await ServeAsync(Database(result.GetValue(database)), result.GetValue(urls)!, output, ct));

        var project = new Option<string>("--project") { Description = "The project the key may use", Required = true, HelpName = "P" };
        var role = new Option<string>("--role") { Description = "read, write, release or admin", Required = true, HelpName = "ROLE" };
        var name = new Option<string>("--name") { Description = "The person or runner the key belongs to", Required = true, HelpName = "N" };
        var create = new Command("create", "Create an API key; prints it once (only its hash is stored)") { project, role, name };
        create.SetAction(async (result, ct) =>
        {
            var projectName = result.GetValue(project)!;
            if (!ApiKeys.ValidProject(projectName)) return Fail(error, 2, $"'{projectName}' is not a project name (letters, digits, '.', '_', '-')");
            if (!ApiKeys.TryParseRole(result.GetValue(role)!, out var parsedRole)) return Fail(error, 2, $"role '{result.GetValue(role)}' is not one of read, write, release, admin");
            var keyName = result.GetValue(name)!.Trim();
            if (keyName.Length == 0) return Fail(error, 2, "--name is empty");
            var store = await OpenAsync(result.GetValue(database), ct);
            var (key, stored) = await ApiKeys.CreateAsync(store, projectName, parsedRole, keyName, Now(), ct);
            await output.WriteLineAsync(key);
            await error.WriteLineAsync($"created key {stored.KeyId} for {stored.Name} (project {stored.Project}, role {ApiKeys.RoleWord(stored.Role)}); it is shown only now");
            return 0;
        });

        var list = new Command("list", "List API keys (never the keys themselves)");
        list.SetAction(async (result, ct) =>
        {
            var store = await OpenAsync(result.GetValue(database), ct);
            var keys = await ApiKeys.ListAsync(store, ct);
            await output.WriteLineAsync("KEY_ID        PROJECT              ROLE     NAME                 CREATED                   REVOKED");
            foreach (var k in keys)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{k.KeyId,-13} {k.Project,-20} {ApiKeys.RoleWord(k.Role),-8} {k.Name,-20} {k.CreatedAt,-25} {k.RevokedAt ?? "-"}"));
            }

            return 0;
        });

        var keyId = new Argument<string>("KEY_ID") { Description = "The key id (the 12 hex digits after gryt_)" };
        var revoke = new Command("revoke", "Revoke an API key: every request with it is refused from now on") { keyId };
        revoke.SetAction(async (result, ct) =>
        {
            var store = await OpenAsync(result.GetValue(database), ct);
            var id = result.GetValue(keyId)!;
            if (!await ApiKeys.RevokeAsync(store, id, Now(), ct)) return Fail(error, 3, $"no key {id}");
            await output.WriteLineAsync($"revoked key {id}");
            return 0;
        });

        root.Subcommands.Add(new Command("keys", "Manage API keys") { create, list, revoke });

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return Fail(error, 2, parsed.Errors[0].Message);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, token);
        }
        catch (DbException ex)
        {
            return Fail(error, 5, $"the database failed: {ex.Message.Split('\n')[0]}");
        }
        catch (IOException ex)
        {
            return Fail(error, 5, ex.Message.Split('\n')[0]);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase) || ex.InnerException is IOException)
        {
            return Fail(error, 5, ex.Message.Split('\n')[0]);
        }
        catch (ArgumentException ex)
        {
            return Fail(error, 2, ex.Message.Split('\n')[0]);
        }
    }

    private static async Task<int> ServeAsync(string database, string urls, TextWriter output, CancellationToken token)
    {
        await using var app = await ServerApp.BuildAsync(database, urls, token: token);
        await app.StartAsync(token);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // Scripts and tests that ask for port 0 read the real address from this line.
        await output.WriteLineAsync($"gryt-server listening on {string.Join(' ', addresses)} ({app.Services.GetRequiredService<ServerDatabase>().Dialect.Name})");
        await output.FlushAsync(token);
        await app.WaitForShutdownAsync(token);
        return 0;
    }

    private static async Task<ServerDatabase> OpenAsync(string? database, CancellationToken token)
    {
        var store = new ServerDatabase(SqlDialect.For(Database(database)));
        await store.MigrateAsync(token);
        return store;
    }

    private static string Database(string? database) => string.IsNullOrWhiteSpace(database) ? ServerApp.DefaultDatabase() : database;

    private static string Now() => Timestamps.Format(TimeProvider.System.GetUtcNow());

    private static int Fail(TextWriter error, int code, string message)
    {
        error.WriteLine("gryt-server: error: " + message);
        return code;
    }
}

using System.Globalization;
using KalturaEmulator;
using KalturaEmulator.Accounts;

string? accountsPath = null;
var port = 0;
int? generate = null;
var appTokensPerPartner = 0;
var https = false;
for (var i = 0; i < args.Length; i++)
{
    string NextValue() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--accounts": accountsPath = NextValue(); break;
        case "--port": port = int.Parse(NextValue(), CultureInfo.InvariantCulture); break;
        case "--generate": generate = int.Parse(NextValue(), CultureInfo.InvariantCulture); break;
        case "--app-tokens-per-partner": appTokensPerPartner = int.Parse(NextValue(), CultureInfo.InvariantCulture); break;
        case "--https": https = true; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: KalturaEmulator [--accounts <file>] [--port <n>] [--generate <N> [--app-tokens-per-partner <K>]] [--https]");
            return 2;
    }
}

var accounts = generate is { } count
    ? AccountsGenerator.Generate(count, appTokensPerPartner)
    : AccountsDocument.Load(accountsPath ?? Path.Combine(AppContext.BaseDirectory, "accounts.sample.json"));

await using var host = await EmulatorHost.StartAsync(accounts, port, https);
Console.WriteLine(host.Url);
await host.WaitForShutdownAsync();
return 0;

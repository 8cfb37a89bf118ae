// TEST STAND-IN: the store behind Microsoft.PowerShell.SecretStore 1.0.6 as far as AccountInfo's
// tests depend on it. Citations are PowerShell/SecretStore at the 1.0.6 release commit 5667ac0,
// src/code/Utils.cs (Utils.cs:<line>) and src/code/SecretStore.cs (SecretStore.cs:<line>).
// - One store per user and process, whatever the number of vaults registered with the module:
//   $HOME/.secretmanagement/localstore/{storefile,storeconfig,storeaux} (Utils.cs:1990-2034).
// - Every write re-encrypts the metadata and rewrites the whole store file (Utils.cs:1776-1826,
//   2191-2332); a replaced entry is removed and appended again (Utils.cs:1828-1859).
// - Metadata values only string, int and DateTime (Utils.cs:3618-3640).
// - Configuration: Authentication None/Password, Interaction None/Prompt, PasswordTimeout seconds
//   (-1 never, 0 one use) with defaults Password/Prompt/900 (Utils.cs:682-830, 1207-1320).
// - Locked: PasswordRequiredException (Utils.cs:1213-1216, 1914-1917); prompting through the
//   calling command's host (Utils.cs:207-257, 3164-3170) only when Interaction is Prompt (Utils.cs:2142-2157).
// Not reproduced: Windows ACLs, the file watcher's cross-process refresh delay (Utils.cs:1688-1716),
// hashtable values stored element by element (Utils.cs:4033-4168; stored whole here), the prompt
// repeated until a non-empty password is typed (Utils.cs:226-254; read once here, so a test host
// that reads nothing cannot hang), the key and hash scheme (Utils.cs:278-680; AES with a key in
// storeaux, mixed with the password when one is required, and an HMAC over the file here).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using Microsoft.PowerShell.SecretManagement;

namespace Microsoft.PowerShell.SecretStore
{
    public enum SecureStoreScope { CurrentUser = 0, AllUsers = 1 }
    public enum Authenticate { None = 0, Password = 1 }
    public enum Interaction { None = 0, Prompt = 1 }

    public sealed class SecureStoreConfig
    {
        public SecureStoreConfig(SecureStoreScope scope, Authenticate authentication, int passwordTimeout, Interaction interaction)
        {
            Scope = scope; Authentication = authentication; PasswordTimeout = passwordTimeout; Interaction = interaction;
        }

        public SecureStoreScope Scope { get; }
        public Authenticate Authentication { get; }
        public int PasswordTimeout { get; }
        public Interaction Interaction { get; }
        internal bool PasswordRequired => Authentication == Authenticate.Password;

        // Utils.cs:820-827.
        public static SecureStoreConfig GetDefault() => new SecureStoreConfig(SecureStoreScope.CurrentUser, Authenticate.Password, 900, Interaction.Prompt);
    }

    public sealed class LocalSecretStore
    {
        // Utils.cs:30.
        public const string PasswordRequiredMessage = "A valid password is required to access the Microsoft.PowerShell.SecretStore vault.\nUse the Unlock-SecretStore cmdlet to provide the required password to access the store.";
        private static readonly object Sync = new object();
        private static LocalSecretStore _instance;
        private static SecureString _password;
        private static Timer _passwordTimer;

        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.InvariantCultureIgnoreCase);
        private readonly byte[] _key;

        private sealed class Entry
        {
            public string Name; public string TypeName; public byte[] Cipher; public Dictionary<string, object> Metadata;
        }

        private LocalSecretStore(byte[] key) { _key = key; }

        /// <summary>
        /// Observations for the tests (not part of SecretStore): the hosts prompts went to (their
        /// InstanceId, one per prompt started) and the store files written in this process.
        /// </summary>
        public static readonly List<Guid> PromptedHosts = new List<Guid>();
        public static int PromptCount => PromptedHosts.Count;
        public static int FileWrites;

        public static string StoreFolder
        {
            get
            {
                string root = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Microsoft", "PowerShell", "secretmanagement")
                    : Path.Combine(Environment.GetEnvironmentVariable("HOME"), ".secretmanagement");
                return Path.Combine(root, "localstore");
            }
        }

        private static string StoreFile => Path.Combine(StoreFolder, "storefile");
        private static string ConfigFile => Path.Combine(StoreFolder, "storeconfig");
        private static string KeyFile => Path.Combine(StoreFolder, "storeaux");

        // Utils.cs:2142-2157: no configuration file means prompting is allowed.
        public static bool AllowPrompting => ReadConfig()?.Interaction != Interaction.None;

        public static SecureStoreConfig Configuration => ReadConfig() ?? SecureStoreConfig.GetDefault();

        /// <summary>Utils.cs:3116-3162 and 1884-1957: the one store of this process, created with the default configuration on first use.</summary>
        public static LocalSecretStore GetInstance(SecureString password = null, PSCmdlet cmdlet = null)
        {
            lock (Sync)
            {
                if (password != null) { _instance = null; SetPassword(password, null); }
                if (_instance != null) return _instance;
                SecureStoreConfig config = ReadConfig();
                if (config == null)
                {
                    if (File.Exists(StoreFile)) throw new InvalidOperationException("Secure local store is in inconsistent state.");
                    config = SecureStoreConfig.GetDefault();
                    WriteConfig(config);
                }
                if (config.PasswordRequired && _password == null)
                {
                    if (cmdlet == null || !AllowPrompting) throw new PasswordRequiredException(PasswordRequiredMessage);
                    SetPassword(PromptForPassword("Microsoft.PowerShell.SecretStore", cmdlet), null);
                }
                _instance = Load(config);
                return _instance;
            }
        }

        /// <summary>Utils.cs:3164-3170.</summary>
        public static void PromptAndUnlockVault(string vaultName, PSCmdlet cmdlet)
        {
            SecureString password = PromptForPassword(vaultName, cmdlet);
            UnlockLocalStore(password, null);
        }

        /// <summary>Utils.cs:3172-3187.</summary>
        public static bool UnlockVault(SecureString password, out string errorMsg)
        {
            try
            {
                UnlockLocalStore(password, null);
                errorMsg = string.Empty;
                return true;
            }
            catch (Exception error)
            {
                errorMsg = error.Message;
                return false;
            }
        }

        /// <summary>
        /// SecretStore.cs:40-48, Utils.cs:3116-3162 and 1884-1957: the store is read again with the
        /// password; a wrong one fails the file's integrity check and leaves the store locked.
        /// </summary>
        public static void UnlockLocalStore(SecureString password, int? passwordTimeout)
        {
            lock (Sync)
            {
                SecureStoreConfig config = Configuration;
                if (!config.PasswordRequired) throw new PSInvalidOperationException("The local store is not configured to use a password. First change the store configuration to require a password.");
                SecureString previous = _password;
                _password = password.Copy();
                try
                {
                    _instance = Load(config);
                }
                catch (Exception)
                {
                    _password = previous;
                    throw;
                }
                SetPassword(password, passwordTimeout ?? config.PasswordTimeout);
            }
        }

        /// <summary>SecretStore.cs:320-385 (Reset-SecretStore): every secret removed, a new configuration written.</summary>
        public static void Reset(SecureStoreConfig config, SecureString password)
        {
            lock (Sync)
            {
                foreach (string file in new[] { StoreFile, KeyFile }) if (File.Exists(file)) File.Delete(file);
                WriteConfig(config);
                // SecretStore.cs:366-374 opens the new store with -Password (creating its file), which the
                // watcher then drops like any configuration change.
                if (password != null)
                {
                    UnlockLocalStore(password, config.PasswordTimeout);
                    _instance = null;
                    SetPassword(null, null);
                }
            }
        }

        /// <summary>SecretStore.cs:194-263 and Utils.cs:1537-1648: the store is re-encrypted when a password becomes (un)required.</summary>
        public static void UpdateConfiguration(SecureStoreConfig config, SecureString password)
        {
            lock (Sync)
            {
                SecureStoreConfig old = Configuration;
                LocalSecretStore current = GetInstance(old.PasswordRequired && _password == null ? password : null);
                if (config.PasswordRequired && !old.PasswordRequired && password == null) throw new PSInvalidOperationException("New password was not provided.");
                SecureString keep = password ?? _password;
                WriteConfig(config);
                _password = config.PasswordRequired ? keep?.Copy() : null;
                var store = new LocalSecretStore(DeriveKey(config));
                foreach (Entry entry in current._entries.Values)
                {
                    store._entries[entry.Name] = new Entry { Name = entry.Name, TypeName = entry.TypeName, Metadata = entry.Metadata, Cipher = store.Encrypt(current.Decrypt(entry.Cipher)) };
                }
                store.WriteFile();
                // The configuration file was written: the watcher drops the store and its password.
                _instance = null;
                SetPassword(null, null);
            }
        }

        /// <summary>Utils.cs:3238-3258 and 3610-3650: metadata only of string, int and DateTime.</summary>
        public bool WriteObject(string name, object objectToWrite, Hashtable metadata, out string errorMsg)
        {
            RequirePassword();
            var additional = new Dictionary<string, object>();
            if (metadata != null)
            {
                foreach (string key in metadata.Keys)
                {
                    object item = metadata[key] is PSObject wrapped ? wrapped.BaseObject : metadata[key];
                    if (!(item is string) && !(item is int) && !(item is DateTime))
                    {
                        errorMsg = "Microsoft.PowerShell.SecretStore accepts secret metadata only of types: string, int, DateTime";
                        return false;
                    }
                    additional.Add(key, item);
                }
            }
            if (objectToWrite is PSObject psObject) objectToWrite = psObject.BaseObject;
            string typeName;
            byte[] plain;
            switch (objectToWrite)
            {
                case byte[] bytes: typeName = "ByteArrayType"; plain = (byte[])bytes.Clone(); break;
                case string text: typeName = "StringType"; plain = Encoding.UTF8.GetBytes(text); break;
                case SecureString secure: typeName = "SecureStringType"; plain = SecureBytes(secure); break;
                case PSCredential credential: typeName = "CredentialType"; plain = CredentialBytes(credential); break;
                case Hashtable table: typeName = "HashtableType"; plain = HashtableBytes(table); break;
                default: throw new InvalidOperationException("Invalid type. Types supported: byte[], string, SecureString, PSCredential, Hashtable");
            }
            lock (Sync)
            {
                _entries.Remove(name);
                _entries[name] = new Entry { Name = name, TypeName = typeName, Metadata = additional, Cipher = Encrypt(plain) };
                Array.Clear(plain, 0, plain.Length);
                return WriteFile(out errorMsg);
            }
        }

        /// <summary>Utils.cs:3193-3224: a second whole write of the entry with the new metadata.</summary>
        public bool WriteMetadata(string name, Hashtable metadata, out string errorMsg)
        {
            if (!ReadObject(name, out object value, out _))
            {
                errorMsg = string.Format(CultureInfo.InvariantCulture, "Microsoft.PowerShell.SecretStore vault cannot write metadata to {0} because the secret does not exist.", name);
                return false;
            }
            return WriteObject(name, value, metadata, out errorMsg);
        }

        /// <summary>Utils.cs:3260-3278 and 1424-1460: false with no message when the name is unknown.</summary>
        public bool ReadObject(string name, out object outObject, out string errorMsg)
        {
            RequirePassword();
            errorMsg = string.Empty;
            outObject = null;
            Entry entry;
            lock (Sync)
            {
                if (!_entries.TryGetValue(name, out entry)) return false;
            }
            byte[] plain = Decrypt(entry.Cipher);
            try
            {
                switch (entry.TypeName)
                {
                    case "ByteArrayType": outObject = plain.Clone(); break;
                    case "StringType": outObject = Encoding.UTF8.GetString(plain); break;
                    case "SecureStringType": outObject = ToSecureString(plain, 0, plain.Length); break;
                    case "CredentialType": outObject = ToCredential(plain); break;
                    default: outObject = ToHashtable(plain); break;
                }
                return true;
            }
            finally
            {
                Array.Clear(plain, 0, plain.Length);
            }
        }

        /// <summary>Utils.cs:3280-3316 and 1490-1535.</summary>
        public bool DeleteObject(string name, out string errorMsg)
        {
            RequirePassword();
            lock (Sync)
            {
                if (!_entries.Remove(name))
                {
                    errorMsg = string.Format(CultureInfo.InvariantCulture, "Unable to find item {0} for removal.", name);
                    return false;
                }
                return WriteFile(out errorMsg);
            }
        }

        /// <summary>Utils.cs:3318-3388: false with no message when nothing matches.</summary>
        public bool EnumerateObjectInfo(string filter, out SecretInformation[] outSecretInfo, string vaultName, out string errorMsg)
        {
            // Listing reads only the metadata the loaded store keeps in memory: no password needed once
            // the store was opened, even after the password timed out (Utils.cs:1462-1488).
            errorMsg = string.Empty;
            var pattern = new WildcardPattern(filter, WildcardOptions.IgnoreCase);
            var found = new List<SecretInformation>();
            lock (Sync)
            {
                foreach (Entry entry in _entries.Values)
                {
                    if (!pattern.IsMatch(entry.Name)) continue;
                    found.Add(new SecretInformation(entry.Name, TypeOf(entry.TypeName), vaultName, new ReadOnlyDictionary<string, object>(new Dictionary<string, object>(entry.Metadata))));
                }
            }
            outSecretInfo = found.ToArray();
            return outSecretInfo.Length > 0;
        }

        private static SecretType TypeOf(string typeName)
        {
            switch (typeName)
            {
                case "ByteArrayType": return SecretType.ByteArray;
                case "StringType": return SecretType.String;
                case "SecureStringType": return SecretType.SecureString;
                case "CredentialType": return SecretType.PSCredential;
                default: return SecretType.Hashtable;
            }
        }

        // Utils.cs:1207-1228: the password is required while configured; PasswordTimeout 0 allows one use.
        private static void RequirePassword()
        {
            lock (Sync)
            {
                SecureStoreConfig config = Configuration;
                if (!config.PasswordRequired) return;
                if (_password == null || _instance == null) throw new PasswordRequiredException(PasswordRequiredMessage);
                if (config.PasswordTimeout == 0) _password = null;
            }
        }

        // Utils.cs:1281-1320: the password is forgotten PasswordTimeout seconds after it was given.
        private static void SetPassword(SecureString password, int? timeoutSeconds)
        {
            _passwordTimer?.Dispose();
            _passwordTimer = null;
            _password = password?.Copy();
            if (_password != null && timeoutSeconds.HasValue && timeoutSeconds.Value > 0)
            {
                _passwordTimer = new Timer(_ => { lock (Sync) { _password = null; } }, null, timeoutSeconds.Value * 1000, Timeout.Infinite);
            }
        }

        // Utils.cs:207-257: the prompt goes through the calling command's host.
        private static SecureString PromptForPassword(string vaultName, PSCmdlet cmdlet)
        {
            lock (PromptedHosts) PromptedHosts.Add(cmdlet?.Host?.InstanceId ?? Guid.Empty);
            if (cmdlet?.Host?.UI == null) throw new PSInvalidOperationException("Cannot prompt for password. No host available.");
            cmdlet.Host.UI.WriteLine(string.Format(CultureInfo.InvariantCulture, "Vault {0} requires a password.", vaultName));
            cmdlet.Host.UI.WriteLine("Enter password:");
            return cmdlet.Host.UI.ReadLineAsSecureString();
        }

        private static SecureStoreConfig ReadConfig()
        {
            if (!File.Exists(ConfigFile)) return null;
            using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(ConfigFile)))
            {
                JsonElement data = document.RootElement.GetProperty("ConfigData");
                return new SecureStoreConfig((SecureStoreScope)data.GetProperty("StoreScope").GetInt32(), (Authenticate)data.GetProperty("Authentication").GetInt32(),
                    data.GetProperty("PasswordTimeout").GetInt32(), (Interaction)data.GetProperty("Interaction").GetInt32());
            }
        }

        // Utils.cs:2806-2833, 1688-1702, 3085-3088: any write of the configuration file makes the file
        // watcher drop the loaded store, with its password (there asynchronously, moments later).
        private static void WriteConfig(SecureStoreConfig config)
        {
            Directory.CreateDirectory(StoreFolder);
            File.WriteAllText(ConfigFile, JsonSerializer.Serialize(new { ConfigData = new { StoreScope = (int)config.Scope, Authentication = (int)config.Authentication, config.PasswordTimeout, Interaction = (int)config.Interaction } }));
            _instance = null;
            SetPassword(null, null);
        }

        // The key: random bytes in storeaux, mixed with the password when one is required.
        private static byte[] DeriveKey(SecureStoreConfig config)
        {
            Directory.CreateDirectory(StoreFolder);
            if (!File.Exists(KeyFile)) File.WriteAllBytes(KeyFile, RandomNumberGenerator.GetBytes(48));
            byte[] aux = File.ReadAllBytes(KeyFile);
            byte[] key = new byte[32];
            Buffer.BlockCopy(aux, 0, key, 0, 32);
            if (config.PasswordRequired)
            {
                byte[] secret = SecureBytes(_password);
                byte[] derived = Rfc2898DeriveBytes.Pbkdf2(secret, new ArraySegment<byte>(aux, 32, 16).ToArray(), 10000, HashAlgorithmName.SHA256, 32);
                Array.Clear(secret, 0, secret.Length);
                for (int i = 0; i < key.Length; i++) key[i] ^= derived[i];
            }
            return key;
        }

        private static LocalSecretStore Load(SecureStoreConfig config)
        {
            var store = new LocalSecretStore(DeriveKey(config));
            if (!File.Exists(StoreFile))
            {
                store.WriteFile();
                return store;
            }
            byte[] file = File.ReadAllBytes(StoreFile);
            int hashSize = BitConverter.ToInt32(file, 0);
            byte[] body = new ArraySegment<byte>(file, 4 + hashSize, file.Length - 4 - hashSize).ToArray();
            if (!CryptographicOperations.FixedTimeEquals(new ArraySegment<byte>(file, 4, hashSize), HMACSHA256.HashData(store._key, body)))
            {
                // Utils.cs:2417.
                throw new PSInvalidOperationException("Store file integrity check failed.\nThe provided password may be invalid, or store files have become corrupted or have been tampered with.");
            }
            int jsonSize = BitConverter.ToInt32(body, 0);
            byte[] json = store.Decrypt(new ArraySegment<byte>(body, 4, jsonSize).ToArray());
            int blobStart = 4 + jsonSize;
            using (JsonDocument document = JsonDocument.Parse(json))
            {
                foreach (JsonElement item in document.RootElement.GetProperty("MetaData").EnumerateArray())
                {
                    var metadata = new Dictionary<string, object>();
                    foreach (JsonProperty property in item.GetProperty("AdditionalData").EnumerateObject())
                    {
                        // As ConvertFrom-Json reads them back (Utils.cs:1130-1179): numbers as Int64, ISO dates as DateTime.
                        metadata[property.Name] = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetInt64()
                            : property.Value.TryGetDateTime(out DateTime date) ? (object)date : property.Value.GetString();
                    }
                    int offset = item.GetProperty("Offset").GetInt32(), size = item.GetProperty("Size").GetInt32();
                    string name = item.GetProperty("Name").GetString();
                    store._entries[name] = new Entry { Name = name, TypeName = item.GetProperty("Type").GetString(), Metadata = metadata,
                                                       Cipher = new ArraySegment<byte>(body, blobStart + offset, size).ToArray() };
                }
            }
            return store;
        }

        private void WriteFile()
        {
            if (!WriteFile(out string errorMsg)) throw new PSInvalidOperationException(errorMsg);
        }

        // Utils.cs:2191-2332: [hash size][hash][json size][encrypted json][blobs], the whole file every time.
        private bool WriteFile(out string errorMsg)
        {
            var meta = new List<object>();
            var blobs = new MemoryStream();
            foreach (Entry entry in _entries.Values)
            {
                meta.Add(new { entry.Name, Type = entry.TypeName, Offset = (int)blobs.Position, Size = entry.Cipher.Length, Attributes = new { Tag = "PSItem" }, AdditionalData = entry.Metadata });
                blobs.Write(entry.Cipher, 0, entry.Cipher.Length);
            }
            byte[] json = Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { MetaData = meta }));
            var body = new MemoryStream();
            body.Write(BitConverter.GetBytes(json.Length), 0, 4);
            body.Write(json, 0, json.Length);
            blobs.WriteTo(body);
            byte[] bodyBytes = body.ToArray();
            byte[] hash = HMACSHA256.HashData(_key, bodyBytes);
            try
            {
                Directory.CreateDirectory(StoreFolder);
                using (var stream = new FileStream(StoreFile, FileMode.Create, FileAccess.Write))
                {
                    stream.Write(BitConverter.GetBytes(hash.Length), 0, 4);
                    stream.Write(hash, 0, hash.Length);
                    stream.Write(bodyBytes, 0, bodyBytes.Length);
                }
                Interlocked.Increment(ref FileWrites);
                errorMsg = string.Empty;
                return true;
            }
            catch (IOException error)
            {
                errorMsg = "Unable to write to local store file with error: " + error.Message;
                return false;
            }
        }

        private byte[] Encrypt(byte[] plain)
        {
            using (Aes aes = Aes.Create())
            {
                aes.Key = _key;
                aes.GenerateIV();
                byte[] cipher = aes.EncryptCbc(plain, aes.IV);
                byte[] result = new byte[16 + cipher.Length];
                Buffer.BlockCopy(aes.IV, 0, result, 0, 16);
                Buffer.BlockCopy(cipher, 0, result, 16, cipher.Length);
                return result;
            }
        }

        private byte[] Decrypt(byte[] data)
        {
            using (Aes aes = Aes.Create())
            {
                aes.Key = _key;
                return aes.DecryptCbc(new ArraySegment<byte>(data, 16, data.Length - 16).ToArray(), new ArraySegment<byte>(data, 0, 16).ToArray());
            }
        }

        private static byte[] SecureBytes(SecureString secure)
        {
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                byte[] bytes = new byte[secure.Length * 2];
                Marshal.Copy(pointer, bytes, 0, bytes.Length);
                return bytes;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        private static SecureString ToSecureString(byte[] bytes, int offset, int count)
        {
            var secure = new SecureString();
            for (int i = offset; i + 1 < offset + count; i += 2) secure.AppendChar((char)(bytes[i] | (bytes[i + 1] << 8)));
            secure.MakeReadOnly();
            return secure;
        }

        private static byte[] CredentialBytes(PSCredential credential)
        {
            byte[] user = Encoding.UTF8.GetBytes(credential.UserName);
            byte[] password = SecureBytes(credential.Password);
            byte[] result = new byte[4 + user.Length + password.Length];
            Buffer.BlockCopy(BitConverter.GetBytes(user.Length), 0, result, 0, 4);
            Buffer.BlockCopy(user, 0, result, 4, user.Length);
            Buffer.BlockCopy(password, 0, result, 4 + user.Length, password.Length);
            Array.Clear(password, 0, password.Length);
            return result;
        }

        private static PSCredential ToCredential(byte[] bytes)
        {
            int userLength = BitConverter.ToInt32(bytes, 0);
            return new PSCredential(Encoding.UTF8.GetString(bytes, 4, userLength), ToSecureString(bytes, 4 + userLength, bytes.Length - 4 - userLength));
        }

        private static byte[] HashtableBytes(Hashtable table)
        {
            var items = new Dictionary<string, string[]>();
            foreach (DictionaryEntry pair in table)
            {
                object value = pair.Value is PSObject wrapped ? wrapped.BaseObject : pair.Value;
                items[(string)pair.Key] = value is SecureString secure ? new[] { "SecureString", Convert.ToBase64String(SecureBytes(secure)) }
                    : value is byte[] bytes ? new[] { "ByteArray", Convert.ToBase64String(bytes) }
                    : new[] { "String", Convert.ToString(value, CultureInfo.InvariantCulture) };
            }
            return JsonSerializer.SerializeToUtf8Bytes(items);
        }

        private static Hashtable ToHashtable(byte[] bytes)
        {
            var table = new Hashtable();
            foreach (KeyValuePair<string, string[]> pair in JsonSerializer.Deserialize<Dictionary<string, string[]>>(bytes))
            {
                if (pair.Value[0] == "SecureString")
                {
                    byte[] raw = Convert.FromBase64String(pair.Value[1]);
                    table[pair.Key] = ToSecureString(raw, 0, raw.Length);
                }
                else table[pair.Key] = pair.Value[0] == "ByteArray" ? (object)Convert.FromBase64String(pair.Value[1]) : pair.Value[1];
            }
            return table;
        }
    }
}

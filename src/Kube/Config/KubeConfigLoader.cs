using ClusterGateway.Kube.Files;
using ClusterGateway.Kube.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// Reads kubeconfig files (YAML or JSON) and resolves contexts, following client-go's <c>clientcmd</c> rules
/// (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files):
/// relative paths resolve against the directory of the file they appear in; in a <c>$KUBECONFIG</c> list the first
/// file that sets a cluster/user/context name wins (whole entries, no deep merge), <c>current-context</c> comes from
/// the first file that sets it, missing files in the list are skipped, duplicates read once.
/// A kubeconfig is read as untrusted input: a regular file of at most <see cref="BoundedFile.DefaultMaxBytes"/>
/// (<see cref="BoundedFile"/>), parsed without anchors, aliases, merge keys or deep nesting
/// (<see cref="StrictYamlParser"/>); every such problem is a <see cref="KubeConfigException"/>.
/// </summary>
public static class KubeConfigLoader
{
    /// <summary>The environment variable holding the kubeconfig list (<c>:</c>-separated on Unix, <c>;</c> on Windows).</summary>
    public const string KubeconfigEnvironmentVariable = "KUBECONFIG";

    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary><c>~/.kube/config</c> of the current user (<c>$HOME</c> on Unix).</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");

    /// <summary>Reads one kubeconfig file; relative paths in it become absolute against its directory.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The parsed kubeconfig (an empty file gives an empty one).</returns>
    /// <exception cref="KubeConfigException">The file cannot be read or is not a kubeconfig.</exception>
    public static KubeConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = BoundedFile.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"kubeconfig \"{fullPath}\" cannot be read: {e.Message}", e);
        }

        return Parse(text, Path.GetDirectoryName(fullPath), fullPath);
    }

    /// <summary>Parses kubeconfig text (YAML, or JSON as <c>kubectl config view -o json</c> writes it).</summary>
    /// <param name="text">The kubeconfig.</param>
    /// <param name="baseDirectory">Directory relative paths resolve against; <see langword="null"/> leaves them as they are.</param>
    /// <returns>The parsed kubeconfig.</returns>
    /// <exception cref="KubeConfigException">Not valid YAML, or not shaped like a kubeconfig, or duplicate names.</exception>
    public static KubeConfig Parse(string text, string? baseDirectory = null) => Parse(text, baseDirectory, null);

    /// <summary>
    /// Reads and merges several kubeconfig files with client-go's rules (see the type remarks). Files that do not exist
    /// are skipped; empty entries are ignored.
    /// </summary>
    /// <param name="paths">Files in precedence order.</param>
    /// <returns>The merged kubeconfig.</returns>
    /// <exception cref="KubeConfigException">A file cannot be parsed, or none of the files exists.</exception>
    public static KubeConfig LoadMerged(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var configs = new List<KubeConfig>();
        var listed = new List<string>();
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                continue;
            }

            var fullPath = Path.GetFullPath(path);
            listed.Add(fullPath);
            if (seen.Add(fullPath) && File.Exists(fullPath))
            {
                configs.Add(Load(fullPath));
            }
        }

        if (configs.Count == 0)
        {
            throw new KubeConfigException(
                $"none of the kubeconfig files exists: {(listed.Count == 0 ? "(empty list)" : string.Join(", ", listed))}");
        }

        return Merge(configs);
    }

    /// <summary>Loads the files listed in <c>$KUBECONFIG</c>, merged (<see cref="LoadMerged"/>).</summary>
    /// <returns>The merged kubeconfig, or <see langword="null"/> when <c>$KUBECONFIG</c> is unset or empty.</returns>
    /// <exception cref="KubeConfigException">A file cannot be parsed, or none of the listed files exists.</exception>
    public static KubeConfig? LoadFromKubeconfigEnv()
    {
        return LoadFromList(Environment.GetEnvironmentVariable(KubeconfigEnvironmentVariable));
    }

    /// <summary>Loads a <c>$KUBECONFIG</c>-style list; <see langword="null"/> when it is unset or blank.</summary>
    internal static KubeConfig? LoadFromList(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : LoadMerged(list.Split(Path.PathSeparator));

    /// <summary>kubectl's default: <c>$KUBECONFIG</c> when set, else <see cref="DefaultPath"/>.</summary>
    /// <returns>The kubeconfig.</returns>
    /// <exception cref="KubeConfigException">Nothing to load, or a file does not parse.</exception>
    public static KubeConfig LoadDefault() => LoadFromKubeconfigEnv() ?? Load(DefaultPath);

    /// <summary>
    /// Client options the way controller-runtime's <c>GetConfig</c> finds them: <c>$KUBECONFIG</c>, else in-cluster
    /// (<see cref="InClusterConfig.IsAvailable"/>), else <see cref="DefaultPath"/>.
    /// </summary>
    /// <param name="contextName">Context to use from a kubeconfig; <see langword="null"/> for <c>current-context</c>.</param>
    /// <returns>Options for <c>KubeClient</c>.</returns>
    /// <exception cref="KubeConfigException">No configuration found, or it does not resolve.</exception>
    public static KubeClientOptions LoadDefaultClientOptions(string? contextName = null)
    {
        var config = LoadFromKubeconfigEnv();
        if (config is null && InClusterConfig.IsAvailable)
        {
            return InClusterConfig.Load();
        }

        if (config is null && !File.Exists(DefaultPath))
        {
            throw new KubeConfigException(
                $"no Kubernetes configuration: ${KubeconfigEnvironmentVariable} is unset, not running in a pod, and " +
                $"\"{DefaultPath}\" does not exist");
        }

        return Resolve(config ?? Load(DefaultPath), contextName).ToClientOptions();
    }

    /// <summary>Merges already-loaded kubeconfigs: the first to define a name or <c>current-context</c> wins.</summary>
    /// <param name="configs">Kubeconfigs in precedence order.</param>
    /// <returns>A new kubeconfig sharing the winning entries.</returns>
    public static KubeConfig Merge(IEnumerable<KubeConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        List<NamedCluster> clusters = [];
        List<NamedUser> users = [];
        List<NamedContext> contexts = [];
        string? currentContext = null;
        foreach (var config in configs)
        {
            if (string.IsNullOrEmpty(currentContext))
            {
                currentContext = config.CurrentContext;
            }

            AddMissing(clusters, config.Clusters, c => c.Name);
            AddMissing(users, config.Users, u => u.Name);
            AddMissing(contexts, config.Contexts, c => c.Name);
        }

        return new KubeConfig
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = currentContext,
            Clusters = clusters,
            Users = users,
            Contexts = contexts,
        };
    }

    /// <summary>Names of every context, in file order: the input for resolving each one (<see cref="Resolve"/>).</summary>
    /// <param name="config">The kubeconfig.</param>
    /// <returns>Context names.</returns>
    public static IReadOnlyList<string> Contexts(KubeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (config.Contexts ?? []).Select(c => c.Name).OfType<string>().ToList();
    }

    /// <summary>
    /// Looks up a context, its cluster and its user and reads every referenced file and base64 field.
    /// </summary>
    /// <param name="config">The kubeconfig (from <see cref="Load"/>, so paths are absolute).</param>
    /// <param name="contextName">Context name; <see langword="null"/> or empty for <c>current-context</c>.</param>
    /// <returns>The resolved context.</returns>
    /// <exception cref="KubeConfigException">
    /// No such context/cluster/user, no server, bad URL, bad base64, unreadable file, certificate without key (or key
    /// without certificate), or a CA together with <c>insecure-skip-tls-verify</c>. The message names what is wrong.
    /// </exception>
    public static ResolvedContext Resolve(KubeConfig config, string? contextName = null) =>
        KubeConfigResolver.Resolve(config, contextName);

    private static KubeConfig Parse(string text, string? baseDirectory, string? source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var where = source is null ? "kubeconfig" : $"kubeconfig \"{source}\"";
        KubeConfig? config;
        try
        {
            config = Yaml.Deserialize<KubeConfig?>(new StrictYamlParser(text));
        }
        catch (YamlException e)
        {
            throw new KubeConfigException($"{where} is not valid: {StrictYamlParser.Describe(e)}", e);
        }

        config ??= new KubeConfig();
        CheckUnique(config.Clusters, c => c.Name, "cluster", where);
        CheckUnique(config.Users, u => u.Name, "user", where);
        CheckUnique(config.Contexts, c => c.Name, "context", where);
        if (baseDirectory is not null)
        {
            ResolveLocalPaths(config, baseDirectory);
        }

        return config;
    }

    // client-go ResolveLocalPaths: certificate-authority, client-certificate, client-key, tokenFile, and an exec
    // command containing a path separator.
    private static void ResolveLocalPaths(KubeConfig config, string baseDirectory)
    {
        foreach (var cluster in (config.Clusters ?? []).Select(c => c.Cluster).OfType<ClusterEntry>())
        {
            cluster.CertificateAuthority = MakeAbsolute(cluster.CertificateAuthority, baseDirectory);
        }

        foreach (var user in (config.Users ?? []).Select(u => u.User).OfType<UserEntry>())
        {
            user.ClientCertificate = MakeAbsolute(user.ClientCertificate, baseDirectory);
            user.ClientKey = MakeAbsolute(user.ClientKey, baseDirectory);
            user.TokenFile = MakeAbsolute(user.TokenFile, baseDirectory);
            if (user.Exec?.Command is { } command && command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                user.Exec.Command = MakeAbsolute(command, baseDirectory);
            }
        }
    }

    private static string? MakeAbsolute(string? path, string baseDirectory) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));

    private static void CheckUnique<T>(List<T>? entries, Func<T, string?> name, string what, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries ?? [])
        {
            var entryName = name(entry) ?? "";
            if (!seen.Add(entryName))
            {
                throw new KubeConfigException($"{where}: duplicate {what} name \"{entryName}\"");
            }
        }
    }

    private static void AddMissing<T>(List<T> target, List<T>? source, Func<T, string?> name)
    {
        foreach (var entry in source ?? [])
        {
            if (!target.Exists(t => string.Equals(name(t), name(entry), StringComparison.Ordinal)))
            {
                target.Add(entry);
            }
        }
    }
}

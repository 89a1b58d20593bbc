import ArgumentParser

/// `--cache-dir` of `weights list` and `weights fetch`.
struct WeightCacheOption: ParsableArguments {
    @Option(help: "Weight cache folder (default $VAE_CLI_CACHE, else $XDG_CACHE_HOME/vae-cli, else ~/.cache/vae-cli).")
    var cacheDir: String?
}

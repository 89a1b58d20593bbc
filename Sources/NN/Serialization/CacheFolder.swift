import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The project's cache: downloaded weight sets, extracted features, the OpenBLAS core measured fastest.
public enum CacheFolder {
    /// The first of: `override` (the CLI's `--cache-dir`), `$VAE_CLI_CACHE`,
    /// `$XDG_CACHE_HOME/vae-cli`, `~/.cache/vae-cli`. Empty values count as unset; a relative
    /// `XDG_CACHE_HOME` is ignored, as the XDG Base Directory specification asks.
    public static func resolve(override: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               home: String? = nil) -> URL {
        if let override, !override.isEmpty {
            return URL(fileURLWithPath: override).standardizedFileURL
        }
        if let variable = environment["VAE_CLI_CACHE"], !variable.isEmpty {
            return URL(fileURLWithPath: variable).standardizedFileURL
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("vae-cli").standardizedFileURL
        }
        let homeFolder = home ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? passwordFileHome()
        return URL(fileURLWithPath: homeFolder).appendingPathComponent(".cache/vae-cli").standardizedFileURL
    }

    /// The home folder from the password database, for a process started without `$HOME`.
    private static func passwordFileHome() -> String {
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            return String(cString: directory)
        }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}

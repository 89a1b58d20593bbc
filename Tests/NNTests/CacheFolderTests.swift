import Testing
import NN

@Suite struct CacheFolderTests {
    static let everything = ["VAE_CLI_CACHE": "/env/cache", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/user"]

    @Test func explicitOverrideComesFirst() {
        #expect(CacheFolder.resolve(override: "/given/folder", environment: Self.everything).path == "/given/folder")
    }

    @Test func thenTheEnvironmentVariable() {
        #expect(CacheFolder.resolve(override: nil, environment: Self.everything).path == "/env/cache")
        #expect(CacheFolder.resolve(override: "", environment: Self.everything).path == "/env/cache")
    }

    @Test func thenXDGCacheHome() {
        var environment = Self.everything
        environment["VAE_CLI_CACHE"] = ""
        #expect(CacheFolder.resolve(environment: environment).path == "/xdg/vae-cli")
    }

    @Test func thenTheHomeFolder() {
        #expect(CacheFolder.resolve(environment: ["HOME": "/home/user"]).path == "/home/user/.cache/vae-cli")
        // The XDG specification asks for relative values to be ignored.
        #expect(CacheFolder.resolve(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/user"]).path
                == "/home/user/.cache/vae-cli")
        #expect(CacheFolder.resolve(environment: ["HOME": "/ignored"], home: "/given/home").path == "/given/home/.cache/vae-cli")
    }

    @Test func relativeOverrideIsMadeAbsolute() {
        let resolved = CacheFolder.resolve(override: "weights-cache", environment: [:])
        #expect(resolved.path.hasPrefix("/"))
        #expect(resolved.lastPathComponent == "weights-cache")
    }
}

import ArgumentParser
import Foundation
import ImageFiles

/// Where commands write: folders are made if missing, and PNGs are written atomically, so a
/// failed run never leaves half a file.
enum OutputFiles {
    /// Checks a picture's --out path before any work: a PNG, not a folder.
    static func validatePicture(_ path: String) throws {
        guard (path as NSString).pathExtension.lowercased() == "png" else {
            throw ValidationError("--out must name a .png file, not \(path)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--out \(path) is a folder; give a .png file")
        }
    }

    static func writePicture(_ image: Image, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try createFolder(folder) }
        try image.writePNG(to: path)
    }

    static func createFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            // Foundation's own text ("The file doesn't exist.") hides the cause; errno's names it.
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? POSIXError)
                .map { String(cString: strerror($0.code.rawValue)) }
            throw CLIError("\(path): cannot create the folder: \(reason ?? error.localizedDescription)")
        }
    }
}

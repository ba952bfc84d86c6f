public import IntakeChannel
public import IntakeCore
public import TwilioSupport

/// Brings a voice message's audio into the blob store, as MMS media are, so that only its hash
/// travels on the bus.
public struct VoicemailMedia: Sendable {
    let rest: TwilioRESTClient
    let blobs: BlobStore
    let maxBytes: Int

    public init(rest: TwilioRESTClient, blobs: BlobStore, maxBytes: Int) {
        self.rest = rest
        self.blobs = blobs
        self.maxBytes = maxBytes
    }

    /// The stored attachment, or why the audio could not be fetched (the contact keeps the URL then).
    public func fetch(url: String) async -> Result<Attachment, VoicemailMediaError> {
        do {
            let (bytes, served) = try await rest.fetchMedia(url: url, maxBytes: maxBytes)
            let hash = try blobs.store(bytes)
            // Twilio serves a recording's bare URL as WAV.
            let type = (served ?? "audio/x-wav").lowercased()
            return .success(Attachment(sha256: hash, mediaType: type, bytes: bytes.count, name: "voicemail"))
        } catch {
            return .failure(VoicemailMediaError(reason: "\(error)"))
        }
    }
}

public struct VoicemailMediaError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

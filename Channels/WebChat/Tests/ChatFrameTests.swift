import Foundation
import Testing
@testable import WebChatChannel

@Suite("Web chat frames and conversations")
struct ChatFrameTests {
    @Test("the page's frames are read; anything else is refused with a reason, never a crash")
    func frames() throws {
        #expect(try ChatFrame.parse(text: #"{"type":"where","lat":32.2,"lon":-110.9,"accuracy":8}"#, maxPhotoBytes: 10)
                == .whereDevice(lat: 32.2, lon: -110.9, accuracy: 8))
        #expect(try ChatFrame.parse(text: #"{"type":"what","text":"  pothole  "}"#, maxPhotoBytes: 10) == .what("pothole"))
        #expect(try ChatFrame.parse(text: #"{"type":"hello","language":"es"}"#, maxPhotoBytes: 10) == .hello(token: nil, language: "es"))
        for bad in ["", "null", "[1]", #"{"type":"what"}"#, #"{"type":"where","lat":91,"lon":0}"#, #"{"type":"fly"}"#,
                    #"{"type":"photo","data":"***"}"#, String(repeating: "{", count: 10_000)] {
            #expect(throws: ChatFrame.Refusal.self) { try ChatFrame.parse(text: bad, maxPhotoBytes: 10) }
        }
        let long = #"{"type":"what","text":""# + String(repeating: "a", count: ChatFrame.maxText + 1) + #""}"#
        #expect(throws: ChatFrame.Refusal(code: "too_long", message: "the text is longer than 4000 characters")) {
            try ChatFrame.parse(text: long, maxPhotoBytes: 10)
        }
    }

    @Test("a photo is taken by its bytes' type and refused above the limit with its size and the limit")
    func photos() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]
        #expect(try ChatFrame.photoFrame(png, declared: "image/jpeg", maxPhotoBytes: 100) == .photo(mediaType: "image/png", bytes: png))
        #expect(throws: ChatFrame.Refusal(code: "not_an_image", message: "the file is not a JPEG, PNG, GIF, WebP or HEIC image")) {
            try ChatFrame.photoFrame(Array("MZ executable".utf8), declared: "image/png", maxPhotoBytes: 100)
        }
        let big = [UInt8](repeating: 0xFF, count: 300 * 1024)
        #expect(throws: ChatFrame.Refusal(code: "too_large", message: "the photo is 300 KB; the largest taken is 200 KB")) {
            try ChatFrame.photoFrame(big, declared: nil, maxPhotoBytes: 200 * 1024)
        }
        let frame = #"{"type":"photo","data":""# + Data(big).base64EncodedString() + #""}"#
        #expect(throws: ChatFrame.Refusal.self) { try ChatFrame.parse(text: frame, maxPhotoBytes: 200 * 1024) }
    }

    @Test("conversations resume by token, expire when idle, and stay within their capacity")
    func conversations() {
        let store = ChatConversations(capacity: 3, idle: 60)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        let (a, resumedA) = store.open(token: nil, language: "en", now: t0)
        #expect(!resumedA)
        store.update(a.token, now: t0) { $0.text = "pothole" }
        let (again, resumed) = store.open(token: a.token, language: "es", now: t0.addingTimeInterval(30))
        #expect(resumed && again.id == a.id && again.text == "pothole" && again.language == "en")
        // Idle past its lifetime: a new conversation, not the old one.
        let (later, resumedLater) = store.open(token: a.token, language: "en", now: t0.addingTimeInterval(200))
        #expect(!resumedLater && later.id != a.id)
        for i in 0..<10 { _ = store.open(token: nil, language: "en", now: t0.addingTimeInterval(300 + Double(i))) }
        #expect(store.count <= 3)
        // An hour later every one of them has expired and is dropped, not only refused.
        _ = store.open(token: nil, language: "en", now: t0.addingTimeInterval(3900))
        #expect(store.count == 1)
    }

    @Test("a conversation's rate is counted per minute")
    func rate() {
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        var c = ChatConversation(id: "x", token: "y", language: "en", now: t0)
        #expect((0..<5).allSatisfy { _ in c.admit(now: t0, perMinute: 5) })
        let sixth = c.admit(now: t0.addingTimeInterval(10), perMinute: 5)
        #expect(!sixth)
        let nextMinute = c.admit(now: t0.addingTimeInterval(61), perMinute: 5)
        #expect(nextMinute)
    }

    @Test("origins compare by scheme, host and port")
    func origins() {
        #expect(WebChatSettings.origin(of: "https://311.Example.org/chat?x=1") == "https://311.example.org")
        #expect(WebChatSettings.origin(of: "http://127.0.0.1:80") == "http://127.0.0.1")
        #expect(WebChatSettings.origin(of: "null") == nil)
        #expect(WebChatSettings.origin(of: "file:///etc") == nil)
    }
}

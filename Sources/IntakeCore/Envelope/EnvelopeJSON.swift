// How the contact and the enriched contact are written: the one encoder of each (see `JSONWriter`;
// EnvelopeReading.swift reads them back, and BusCodecRoundTripTests check every field of both).

extension ContactEnvelope: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in writeFields(to: &w, schema: schema) }
    }

    func writeFields(to w: inout JSONWriter, schema: String) {
        w.field("schema", schema)
        w.field("id", id)
        if revision != 1 { w.field("revision", revision) }
        w.field("channel", channel)
        w.field("adapter", adapter)
        w.field("external_id", externalID)
        w.field("received_at", receivedAt)
        w.field("sender", sender)
        w.field("conversation", conversation)
        w.field("case_ref", caseRef)
        w.field("language", language)
        w.field("text", text)
        w.field("location", location)
        w.key("attachments")
        w.array(attachments) { w, a in a.write(to: &w) }
        w.key("channel_data")
        w.value(.object(channelData))
    }
}

extension Sender: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("kind", kind.rawValue)
            w.field("address", address)
            w.field("name", name)
        }
    }
}

extension Location: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("text", text)
            w.field("lat", lat)
            w.field("lon", lon)
            w.field("source", source.rawValue)
            w.field("accuracy_m", accuracyM)
        }
    }
}

extension Attachment: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("sha256", sha256)
            w.field("media_type", mediaType)
            w.field("bytes", bytes)
            w.field("name", name)
        }
    }
}

extension EnrichedContact: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            contact.writeFields(to: &w, schema: Self.schemaName)
            writeEnrichment(to: &w)
        }
    }

    /// The enriched envelope made from the bytes `contact` was read from: its members copied as
    /// they came (all but `schema`), then what enrich adds, so the contact is not written out a
    /// second time. Nil when `received` cannot be split that way (an escaped key, text that is not
    /// one object): then `IntakeJSON.encode` writes the whole envelope.
    ///
    /// The caller vouches that `contact` is what `received` says, unchanged.
    public func encode(splicing received: [UInt8]) -> [UInt8]? {
        received.withUnsafeBufferPointer { b -> [UInt8]? in
            guard let members = JSONObjectMembers.scan(b) else { return nil }
            var w = JSONWriter(capacity: received.count + 512)
            var ok = true
            w.object { w in
                w.field("schema", Self.schemaName)
                for m in members {
                    let key = UnsafeBufferPointer(rebasing: b[m.key])
                    if key.contains(UInt8(ascii: "\\")) { ok = false; return }
                    if key.elementsEqual("schema".utf8) { continue }
                    w.rawMember(UnsafeBufferPointer(rebasing: b[m.whole]))
                }
                writeEnrichment(to: &w)
            }
            return ok ? w.bytes : nil
        }
    }

    private func writeEnrichment(to w: inout JSONWriter) {
        w.field("geo", geo)
        w.field("triage", triage)
        w.field("dedup", dedup)
        w.field("surge", surge)
        if let inquiry {
            w.field("kind", ContactKind.inquiry.rawValue)
            w.field("inquiry", inquiry)
        }
    }
}

extension GeoResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("method", method.rawValue)
            w.field("lat", lat)
            w.field("lon", lon)
            w.field("matched", matched)
            w.field("confidence", confidence)
            w.field("jurisdiction", jurisdiction)
            w.field("ward", ward)
            w.field("neighborhood", neighborhood)
            w.field("candidate", candidate)
        }
    }
}

extension GeoCandidate: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("text", text)
            w.field("lat", lat)
            w.field("lon", lon)
            w.field("confidence", confidence)
        }
    }
}

extension TriageResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("category", category)
            w.field("priority", priority.rawValue)
            w.field("emergency", emergency)
            w.field("referral", referral)
            w.field("routed_to", routedTo)
            w.field("matched", matched)
            w.field("emergency_tier", emergencyTier?.rawValue)
            if needsReview { w.field("needs_review", true) }
            if !candidates.isEmpty {
                w.key("candidates")
                w.array(candidates) { w, c in
                    w.object { w in
                        w.field("category", c.category)
                        w.field("score", c.score)
                    }
                }
            }
        }
    }
}

extension DedupVerdict: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("verdict", verdict.rawValue)
            w.field("case_ref", caseRef)
            w.field("similarity", similarity)
            w.field("distance_m", distanceM)
            w.field("first_verdict", firstVerdict?.rawValue)
        }
    }
}

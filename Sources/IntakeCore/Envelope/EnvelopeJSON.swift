// Hand-written JSON for the messages of the hot path. Each writes exactly what its `Codable`
// conformance writes (EnvelopeTests check that both decode to the same value).

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
        w.field("received_at", RFC3339.string(from: receivedAt))
        w.key("sender")
        w.object { w in
            w.field("kind", sender.kind.rawValue)
            w.field("address", sender.address)
            w.field("name", sender.name)
        }
        w.field("conversation", conversation)
        w.field("case_ref", caseRef)
        w.field("language", language)
        w.field("text", text)
        if let location {
            w.key("location")
            w.object { w in
                w.field("text", location.text)
                w.field("lat", location.lat)
                w.field("lon", location.lon)
                w.field("source", location.source.rawValue)
                w.field("accuracy_m", location.accuracyM)
            }
        }
        w.key("attachments")
        w.array(attachments) { w, a in
            w.object { w in
                w.field("sha256", a.sha256)
                w.field("media_type", a.mediaType)
                w.field("bytes", a.bytes)
                w.field("name", a.name)
            }
        }
        w.key("channel_data")
        w.value(.object(channelData))
    }
}

extension EnrichedContact: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            contact.writeFields(to: &w, schema: Self.schemaName)
            if let geo {
                w.key("geo")
                w.object { w in
                    w.field("method", geo.method.rawValue)
                    w.field("lat", geo.lat)
                    w.field("lon", geo.lon)
                    w.field("matched", geo.matched)
                    w.field("confidence", geo.confidence)
                    w.field("jurisdiction", geo.jurisdiction)
                    w.field("ward", geo.ward)
                    w.field("neighborhood", geo.neighborhood)
                }
            }
            if let triage {
                w.key("triage")
                w.object { w in
                    w.field("category", triage.category)
                    w.field("priority", triage.priority.rawValue)
                    w.field("emergency", triage.emergency)
                    w.field("referral", triage.referral)
                    w.field("routed_to", triage.routedTo)
                    w.key("matched")
                    w.array(triage.matched) { w, m in w.string(m) }
                }
            }
            w.key("dedup")
            w.object { w in
                w.field("verdict", dedup.verdict.rawValue)
                w.field("case_ref", dedup.caseRef)
                w.field("similarity", dedup.similarity)
                w.field("distance_m", dedup.distanceM)
                w.field("first_verdict", dedup.firstVerdict?.rawValue)
            }
        }
    }
}

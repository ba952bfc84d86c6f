/// One request at a time per call: Twilio's step requests and callbacks for the same CallSid
/// (a recording callback racing the status callback, say) each read, change and write its state.
actor CallLocks {
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    nonisolated func withLock<T>(_ callSID: String, _ body: () async throws -> T) async throws -> T {
        await acquire(callSID)
        do {
            let result = try await body()
            await release(callSID)
            return result
        } catch {
            await release(callSID)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        if held.insert(key).inserted { return }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func release(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            // Handed straight to the next waiter: the key stays held.
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}

extension Gazetteer {
    /// The best match for a parsed location, or nil.
    public func lookup(_ parsed: ParsedLocation) -> GazetteerMatch? {
        let zip = placeID(parsed.zip)
        let city = placeID(parsed.city)
        // A place the resident named that the gazetteer does not know cannot narrow anything.
        let placePenalty = (parsed.zip != nil && zip == nil && parsed.city == nil) ? 0.05 : 0
        switch parsed.form {
        case .address:
            guard let n = parsed.houseNumber, let s = parsed.streets.first else { return nil }
            if let m = address(n, on: s, zip: zip, city: city) {
                return adjusted(m, by: placePenalty)
            }
            if parsed.streets.count > 1, let m = crossing(parsed.streets[0], parsed.streets[1], zip: zip, city: city) {
                return adjusted(m, by: placePenalty + 0.1)
            }
            return street(s, zip: zip, city: city).map { adjusted($0, by: placePenalty) }
        case .intersection:
            if let m = crossing(parsed.streets[0], parsed.streets[1], zip: zip, city: city) {
                return adjusted(m, by: placePenalty)
            }
            return nil
        case .between:
            let a = crossing(parsed.streets[0], parsed.streets[1], zip: zip, city: city)
            let b = crossing(parsed.streets[0], parsed.streets[2], zip: zip, city: city)
            switch (a, b) {
            case let (a?, b?) where a.point.distance(to: b.point) < 3_000:
                return GazetteerMatch(
                    kind: .intersection, point: a.point.midpoint(b.point),
                    matched: "\(a.matched) – \(b.matched)", confidence: min(a.confidence, b.confidence) * 0.9)
            case let (a?, _): return adjusted(a, by: 0.15)
            case let (nil, b?): return adjusted(b, by: 0.15)
            case (nil, nil): return nil
            }
        case .street:
            return parsed.streets.first.flatMap { street($0, zip: zip, city: city) }
        case .none:
            return nil
        }
    }

    private func adjusted(_ m: GazetteerMatch, by penalty: Double) -> GazetteerMatch {
        var m = m
        m.confidence = min(1, max(0.05, m.confidence - penalty))
        return m
    }

    /// Whether a point lies in the place the resident named (ZIP first, then city); true when
    /// they named none.
    @inline(__always)
    private func inPlace(zip: Int32?, city: Int32?, pointZip: Int32, pointCity: Int32) -> Bool {
        if let zip { return pointZip == zip }
        if let city { return pointCity == city }
        return true
    }

    private func label(_ street: StreetEntry, number: String?, zip: Int32, city: Int32) -> String {
        var s = number.map { "\($0) \(street.display)" } ?? street.display
        let cityName = city >= 0 ? places[Int(city)].split(separator: " ").map { $0.capitalized }.joined(separator: " ") : nil
        let zipName = zip >= 0 ? places[Int(zip)] : nil
        let tail = [cityName, zipName].compactMap { $0 }.joined(separator: " ")
        if !tail.isEmpty { s += ", " + tail }
        return s
    }

    // MARK: house numbers

    func address(_ number: HouseNumber, on name: StreetName, zip: Int32?, city: Int32?) -> GazetteerMatch? {
        var best: GazetteerMatch?
        for candidate in candidates(for: name) {
            guard let m = address(number, street: candidate.street, zip: zip, city: city) else { continue }
            let scored = GazetteerMatch(kind: m.kind, point: m.point, matched: m.matched,
                                        confidence: m.confidence - (1 - candidate.score))
            if best == nil || scored.confidence > best!.confidence { best = scored }
        }
        return best
    }

    private func address(_ number: HouseNumber, street id: Int32, zip: Int32?, city: Int32?) -> GazetteerMatch? {
        let street = streets[Int(id)]
        let points = street.points
        guard !points.isEmpty else { return nil }
        let n = Int32(clamping: number.low)
        let anyInPlace = points.contains { inPlace(zip: zip, city: city, pointZip: $0.zip, pointCity: $0.city) }
        let placeMiss = anyInPlace ? 0.0 : 0.12
        @inline(__always) func ok(_ p: NumberedPoint) -> Bool {
            !anyInPlace || inPlace(zip: zip, city: city, pointZip: p.zip, pointCity: p.city)
        }

        // Exact: the number itself, or inside a listed range of the same side ("120-122").
        let start = lowerBound(points, n - 40)
        var exact: [NumberedPoint] = []
        var i = start
        while i < points.count && points[i].low <= n {
            let p = points[i]
            if ok(p) && (p.low == n || (p.high >= n && (n - p.low) % 2 == 0)) { exact.append(p) }
            i += 1
        }
        if let top = exact.max(by: { $0.weight < $1.weight }) {
            let spread = exact.contains { $0.point.distance(to: top.point) > configuration.ambiguityDistanceM }
            return GazetteerMatch(
                kind: .address, point: top.point, matched: label(street, number: top.text, zip: top.zip, city: top.city),
                confidence: 0.97 - placeMiss - (spread ? 0.15 : 0))
        }

        // Neighbours on the same side of the street.
        let mid = lowerBound(points, n)
        var lower: NumberedPoint?
        var upper: NumberedPoint?
        var j = mid - 1
        var steps = 0
        while j >= 0 && steps < 256 {
            let p = points[j]
            if ok(p) && (n - p.low) % 2 == 0 { lower = p; break }
            j -= 1; steps += 1
        }
        j = mid; steps = 0
        while j < points.count && steps < 256 {
            let p = points[j]
            if ok(p) && p.low > n && (p.low - n) % 2 == 0 { upper = p; break }
            j += 1; steps += 1
        }
        let gapLimit = Int32(configuration.interpolationMaxNumberGap)
        if let lo = lower, let hi = upper, hi.low - lo.low <= gapLimit,
           lo.point.distance(to: hi.point) <= configuration.interpolationMaxDistanceM {
            let t = Double(n - lo.low) / Double(hi.low - lo.low)
            let p = GeoPoint(lat: lo.point.lat + (hi.point.lat - lo.point.lat) * t,
                             lon: lo.point.lon + (hi.point.lon - lo.point.lon) * t)
            let gapPenalty = 0.1 * min(1, Double(hi.low - lo.low) / Double(gapLimit))
            return GazetteerMatch(
                kind: .address, point: p, matched: label(street, number: number.text, zip: lo.zip, city: lo.city),
                confidence: 0.85 - gapPenalty - placeMiss)
        }
        let nearest = [lower, upper].compactMap { $0 }.min { abs($0.low - n) < abs($1.low - n) }
            ?? nearestAnySide(points, n, ok: ok)
        guard let near = nearest else { return nil }
        let gap = abs(Int(near.low) - Int(n))
        return GazetteerMatch(
            kind: .address, point: near.point, matched: label(street, number: near.text, zip: near.zip, city: near.city),
            confidence: 0.7 - 0.2 * min(1, Double(gap) / 100) - placeMiss - ((near.low - n) % 2 == 0 ? 0 : 0.1))
    }

    private func nearestAnySide(_ points: [NumberedPoint], _ n: Int32, ok: (NumberedPoint) -> Bool) -> NumberedPoint? {
        let mid = lowerBound(points, n)
        var best: NumberedPoint?
        for j in max(0, mid - 64)..<min(points.count, mid + 64) where ok(points[j]) {
            if best == nil || abs(points[j].low - n) < abs(best!.low - n) { best = points[j] }
        }
        return best
    }

    /// First index whose low number is ≥ n.
    private func lowerBound(_ points: [NumberedPoint], _ n: Int32) -> Int {
        var lo = 0, hi = points.count
        while lo < hi {
            let m = (lo + hi) / 2
            if points[m].low < n { lo = m + 1 } else { hi = m }
        }
        return lo
    }

    // MARK: crossings

    func crossing(_ a: StreetName, _ b: StreetName, zip: Int32?, city: Int32?) -> GazetteerMatch? {
        let ca = candidates(for: a)
        let cb = candidates(for: b)
        var best: GazetteerMatch?
        for x in ca {
            for y in cb where x.street != y.street {
                let key = crossingKey(x.street, y.street)
                let nameScore = x.score * y.score
                var found: (Crossing, Double)?
                if let listed = listedCrossings[key] {
                    let inPlace = listed.filter { self.inPlace(zip: zip, city: city, pointZip: $0.zip, pointCity: $0.city) }
                    let pool = inPlace.isEmpty ? listed : inPlace
                    let top = pool.max { $0.weight < $1.weight }!
                    let spread = pool.contains { $0.point.distance(to: top.point) > configuration.ambiguityDistanceM }
                    found = (top, 0.97 - (inPlace.isEmpty && (zip != nil || city != nil) ? 0.12 : 0) - (spread ? 0.15 : 0))
                } else if let derived = derivedCrossings[key] ?? nearestPair(x.street, y.street) {
                    let miss = (zip != nil || city != nil)
                        && !inPlace(zip: zip, city: city, pointZip: derived.zip, pointCity: derived.city)
                    let gap = min(1, Double(derived.gapM) / configuration.nearestPairMaxGapM)
                    found = (derived, 0.8 - 0.3 * gap - (miss ? 0.1 : 0))
                }
                guard let (c, base) = found else { continue }
                let confidence = base - (1 - nameScore)
                if best == nil || confidence > best!.confidence {
                    let sa = streets[Int(x.street)], sb = streets[Int(y.street)]
                    best = GazetteerMatch(
                        kind: .intersection, point: c.point,
                        matched: label(sa, number: nil, zip: -1, city: -1) + " & " + label(sb, number: nil, zip: c.zip, city: c.city),
                        confidence: confidence)
                }
            }
        }
        return best
    }

    /// Where two streets whose points never come within the derived-crossing gap come closest
    /// (sparse address points): searched at lookup time, within `nearestPairMaxGapM`, skipped
    /// for street pairs too large to search quickly.
    private func nearestPair(_ a: Int32, _ b: Int32) -> Crossing? {
        let sa = streets[Int(a)].samples, sb = streets[Int(b)].samples
        guard !sa.isEmpty, !sb.isEmpty, sa.count * sb.count <= configuration.nearestPairMaxComparisons else { return nil }
        let projection = LocalProjection(referenceLatitude: sa[0].lat)
        var best: (Double, GeoPoint, GeoPoint)?
        for p in sa {
            for q in sb {
                let d = projection.distance(p, q)
                if best == nil || d < best!.0 { best = (d, p, q) }
            }
        }
        guard let (d, p, q) = best, d <= configuration.nearestPairMaxGapM else { return nil }
        return Crossing(point: p.midpoint(q), zip: -1, city: -1, weight: 1, gapM: Float(d))
    }

    // MARK: streets alone

    /// A street without a number: the middle of its known points in the named place. Of low
    /// confidence, since a street can be kilometres long.
    func street(_ name: StreetName, zip: Int32?, city: Int32?) -> GazetteerMatch? {
        guard let top = candidates(for: name).first else { return nil }
        let street = streets[Int(top.street)]
        let numbered = street.points.filter { inPlace(zip: zip, city: city, pointZip: $0.zip, pointCity: $0.city) }
        let point: GeoPoint
        if !numbered.isEmpty {
            point = numbered[numbered.count / 2].point
        } else if !street.samples.isEmpty {
            point = street.samples[street.samples.count / 2]
        } else {
            return nil
        }
        return GazetteerMatch(kind: .street, point: point, matched: street.display, confidence: 0.3 * top.score)
    }
}

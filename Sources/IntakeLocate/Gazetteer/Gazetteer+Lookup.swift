extension Gazetteer {
    /// The best match for a parsed location, or nil. Its confidence is `model`'s reading of its
    /// evidence; the caller decides whether that is enough.
    public func lookup(_ parsed: ParsedLocation, model: MatchConfidence = .boston2015) -> GazetteerMatch? {
        let zip = placeID(parsed.zip)
        let city = placeID(parsed.city)
        // A place the resident named that the gazetteer does not know cannot narrow anything.
        let unknownPlace = parsed.zip != nil && zip == nil && parsed.city == nil
        var found: GazetteerMatch?
        switch parsed.form {
        case .address:
            guard let n = parsed.houseNumber, let s = parsed.streets.first else { return nil }
            if let m = address(n, on: s, zip: zip, city: city, model: model) {
                found = m
            } else if parsed.streets.count > 1, var m = crossing(parsed.streets[0], parsed.streets[1], zip: zip, city: city, model: model) {
                m.evidence.add(.crossStreetInstead)
                found = m
            } else {
                found = street(s, zip: zip, city: city, model: model)
            }
        case .intersection:
            found = crossing(parsed.streets[0], parsed.streets[1], zip: zip, city: city, model: model)
        case .between:
            let a = crossing(parsed.streets[0], parsed.streets[1], zip: zip, city: city, model: model)
            let b = crossing(parsed.streets[0], parsed.streets[2], zip: zip, city: city, model: model)
            switch (a, b) {
            case let (a?, b?) where a.point.distance(to: b.point) < 3_000:
                var e = a.evidence
                e.add(doubtsOf: b.evidence)
                if b.evidence.basis == .derivedCrossing { e.basis = .derivedCrossing }
                e.add(.between)
                found = GazetteerMatch(kind: .intersection, point: a.point.midpoint(b.point), matched: "\(a.matched) – \(b.matched)", evidence: e)
            case var (one?, nil), var (nil, one?), var (one?, _?):
                one.evidence.add(.between)
                one.evidence.add(.crossStreetInstead)
                found = one
            case (nil, nil): return nil
            }
        case .street:
            found = parsed.streets.first.flatMap { street($0, zip: zip, city: city, model: model) }
        case .none:
            return nil
        }
        guard var m = found else { return nil }
        if unknownPlace { m.evidence.add(.unknownPlace) }
        m.rescore(model)
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
        let cityName = city >= 0 ? placeLabels[Int(city)] : nil
        let zipName = zip >= 0 ? places[Int(zip)] : nil
        let tail = [cityName, zipName].compactMap { $0 }.joined(separator: " ")
        if !tail.isEmpty { s += ", " + tail }
        return s
    }

    // MARK: house numbers

    func address(_ number: HouseNumber, on name: StreetName, zip: Int32?, city: Int32?, model: MatchConfidence) -> GazetteerMatch? {
        var best: GazetteerMatch?
        var others: [GazetteerMatch] = []
        for candidate in candidates(for: name, model: model) {
            guard var m = address(number, street: candidate.street, zip: zip, city: city) else { continue }
            m.evidence.add(nameDoubts: candidate.doubts)
            m.rescore(model)
            if m.isBetter(than: best) {
                if let b = best, !b.evidence.contradicts { others.append(b) }
                best = m
            } else if !m.evidence.contradicts {
                others.append(m)
            }
        }
        return best.map { settled($0, others: others, model: model) }
    }

    /// Another street of the name that has the place too, far away and as likely, makes the best
    /// match a guess ("125 Stone" with N and S Stone Ave); when every such alternative lands
    /// near it, the type or direction the resident left out did not matter.
    private func settled(_ best: GazetteerMatch, others: [GazetteerMatch], model: MatchConfidence) -> GazetteerMatch {
        var b = best
        let farAlternative = others.contains {
            !$0.evidence.contradicts && $0.confidence >= b.confidence - 0.05
                && $0.point.distance(to: b.point) > configuration.ambiguityDistanceM
        }
        if farAlternative {
            b.evidence.add(.ambiguous)
        } else {
            b.evidence.remove(.directionMissing)
            b.evidence.remove(.typeMissing)
        }
        b.rescore(model)
        return b
    }

    private func address(_ number: HouseNumber, street id: Int32, zip: Int32?, city: Int32?) -> GazetteerMatch? {
        let street = streets[Int(id)]
        let points = street.points
        guard !points.isEmpty else { return nil }
        let n = Int32(clamping: number.low)
        let anyInPlace = points.contains { inPlace(zip: zip, city: city, pointZip: $0.zip, pointCity: $0.city) }
        @inline(__always) func ok(_ p: NumberedPoint) -> Bool {
            !anyInPlace || inPlace(zip: zip, city: city, pointZip: p.zip, pointCity: p.city)
        }
        func evidence(_ basis: MatchEvidence.Basis) -> MatchEvidence {
            var e = MatchEvidence(basis: basis)
            if !anyInPlace { e.add(.placeContradicts) }
            return e
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
            var e = evidence(.exactNumber)
            if exact.contains(where: { $0.point.distance(to: top.point) > configuration.ambiguityDistanceM }) { e.add(.ambiguous) }
            return GazetteerMatch(
                kind: .address, point: top.point, matched: label(street, number: top.text, zip: top.zip, city: top.city), evidence: e)
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
            var e = evidence(.interpolatedNumber)
            if hi.low - lo.low > Int32(configuration.wideNumberGap) { e.add(.wideGap) }
            return GazetteerMatch(
                kind: .address, point: p, matched: label(street, number: number.text, zip: lo.zip, city: lo.city), evidence: e)
        }
        let nearest = [lower, upper].compactMap { $0 }.min { abs($0.low - n) < abs($1.low - n) }
            ?? nearestAnySide(points, n, ok: ok)
        guard let near = nearest else { return nil }
        var e = evidence(.nearestNumber)
        if abs(Int(near.low) - Int(n)) > configuration.wideNumberGap / 2 { e.add(.wideGap) }
        if (near.low - n) % 2 != 0 { e.add(.oppositeSide) }
        // Outside the numbers the street is known to have (in the place named), by more than
        // the slack a block's end allows.
        var known: (low: Int32, high: Int32)?
        if zip == nil && city == nil || !anyInPlace {
            // Every point counts: sorted by low number, so the ends are the range (a listed
            // range near the end may reach higher).
            known = (points[0].low, points.suffix(8).reduce(points[points.count - 1].high) { max($0, $1.high) })
        } else {
            for p in points where ok(p) {
                known = known.map { (min($0.low, p.low), max($0.high, p.high)) } ?? (p.low, p.high)
            }
        }
        let slack = Int32(configuration.houseNumberRangeSlack)
        if let k = known, n < k.low - slack || n > k.high + slack { e.add(.numberOutOfRange) }
        return GazetteerMatch(
            kind: .address, point: near.point, matched: label(street, number: near.text, zip: near.zip, city: near.city), evidence: e)
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

    func crossing(_ a: StreetName, _ b: StreetName, zip: Int32?, city: Int32?, model: MatchConfidence) -> GazetteerMatch? {
        let ca = candidates(for: a, model: model)
        let cb = candidates(for: b, model: model)
        var best: GazetteerMatch?
        var bestNames: (Int32, Int32, Crossing)?
        var others: [GazetteerMatch] = []
        for x in ca {
            for y in cb where x.street != y.street {
                let key = crossingKey(x.street, y.street)
                var found: (Crossing, MatchEvidence)?
                if let listed = listedCrossings[key] {
                    let inPlace = listed.filter { self.inPlace(zip: zip, city: city, pointZip: $0.zip, pointCity: $0.city) }
                    let pool = inPlace.isEmpty ? listed : inPlace
                    let top = pool.max { $0.weight < $1.weight }!
                    var e = MatchEvidence(basis: .listedCrossing)
                    if pool.contains(where: { $0.point.distance(to: top.point) > configuration.ambiguityDistanceM }) { e.add(.ambiguous) }
                    if inPlace.isEmpty && (zip != nil || city != nil) { e.add(.placeContradicts) }
                    found = (top, e)
                } else if let derived = derivedCrossings[key] ?? nearestPair(x.street, y.street) {
                    var e = MatchEvidence(basis: .derivedCrossing)
                    if (zip != nil || city != nil) && !inPlace(zip: zip, city: city, pointZip: derived.zip, pointCity: derived.city) {
                        e.add(.placeContradicts)
                    }
                    if Double(derived.gapM) > configuration.derivedCrossingMaxGapM { e.add(.wideGap) }
                    found = (derived, e)
                }
                guard var (c, e) = found else { continue }
                e.add(nameDoubts: x.doubts | y.doubts)
                // Named only once it wins: most pairs tried lose.
                var m = GazetteerMatch(kind: .intersection, point: c.point, matched: "", evidence: e)
                m.rescore(model)
                if m.isBetter(than: best) {
                    if let b = best, !b.evidence.contradicts { others.append(b) }
                    best = m
                    bestNames = (x.street, y.street, c)
                } else if !m.evidence.contradicts {
                    others.append(m)
                }
            }
        }
        guard var b = best, let (ia, ib, c) = bestNames else { return nil }
        b.matched = label(streets[Int(ia)], number: nil, zip: -1, city: -1) + " & " + label(streets[Int(ib)], number: nil, zip: c.zip, city: c.city)
        return settled(b, others: others, model: model)
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
    func street(_ name: StreetName, zip: Int32?, city: Int32?, model: MatchConfidence) -> GazetteerMatch? {
        guard let top = candidates(for: name, model: model).first else { return nil }
        let street = streets[Int(top.street)]
        let numbered = street.points.filter { inPlace(zip: zip, city: city, pointZip: $0.zip, pointCity: $0.city) }
        var e = MatchEvidence(basis: .streetOnly)
        e.add(nameDoubts: top.doubts)
        if numbered.isEmpty && (zip != nil || city != nil) && !street.points.isEmpty { e.add(.placeContradicts) }
        let point: GeoPoint
        if !numbered.isEmpty {
            point = numbered[numbered.count / 2].point
        } else if !street.samples.isEmpty {
            point = street.samples[street.samples.count / 2]
        } else {
            return nil
        }
        var m = GazetteerMatch(kind: .street, point: point, matched: street.display, evidence: e)
        m.rescore(model)
        return m
    }
}

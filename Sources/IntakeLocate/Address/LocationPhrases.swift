/// The glue words around street names in what residents write, in English and Spanish.
enum LocationPhrases {
    /// Words that may open a location and say nothing about it ("corner of", "esquina de").
    /// Longest first, so that "on the corner of" is removed whole.
    static let leadingFillers: [[String]] = [
        ["at", "the", "intersection", "of"], ["on", "the", "corner", "of"], ["at", "the", "corner", "of"],
        ["en", "la", "esquina", "de"], ["en", "el", "cruce", "de"], ["the", "intersection", "of"],
        ["the", "corner", "of"], ["la", "esquina", "de"], ["interseccion", "de"], ["intersection", "of"],
        ["corner", "of"], ["esquina", "de"], ["cruce", "de"], ["cerca", "de"], ["in", "front", "of"],
        ["frente", "a"], ["across", "from"], ["near", "the"], ["close", "to"], ["next", "to"],
        ["enfrente", "de"], ["intersection"], ["interseccion"], ["corner"], ["esquina"], ["cruce"],
        ["near"], ["at"], ["on"], ["en"], ["the"], ["la"], ["el"], ["by"], ["cerca"],
    ]

    /// Words that join two street names into a crossing. Longest first.
    static let connectors: [[String]] = [
        ["esquina", "con"], ["esquina", "de"], ["esq", "con"], ["corner", "of"], ["and"], ["&"], ["y"],
        ["at"], ["@"], ["/"], ["with"], ["esquina"], ["esq"], ["con"],
    ]

    /// Words that introduce two cross streets around a stretch of street.
    static let between: Set<String> = ["between", "entre", "btwn", "btw"]

    /// Unit designators: the word and the token after it are dropped.
    static let unitWords: Set<String> = ["apt", "apartment", "unit", "suite", "ste", "depto", "departamento", "space", "spc", "lot"]

    static let states: Set<String> = ["az", "ariz", "arizona", "ma", "mass", "massachusetts"]
    static let countries: Set<String> = ["usa", "us", "eeuu", "eua"]
    /// Left between a street and a city ("Speedway and Campbell in Tucson").
    static let cityPrepositions: Set<String> = ["in", "en"]
}

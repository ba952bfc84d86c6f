/// Tells Spanish from English in a resident's short message, to answer in their language.
///
/// Short texts defeat statistical detectors, so this counts common function words and the
/// letters only Spanish uses; a tie stays with the default.
public enum LanguageGuess {
    static let spanishWords: Set<Substring> = [
        "el", "la", "los", "las", "un", "una", "de", "del", "en", "que", "y", "es", "por", "para",
        "con", "no", "hay", "esta", "está", "muy", "mi", "su", "calle", "esquina", "basura", "luz",
        "bache", "agua", "fuga", "ruido", "gracias", "hola", "favor", "pueden", "puede", "casa",
        "frente", "cerca", "entre", "desde", "semana", "días", "dias", "lleno", "roto", "rota",
        "necesito", "ayuda", "carro", "coche", "perro", "vecino", "también", "tambien", "pero",
    ]
    static let englishWords: Set<Substring> = [
        "the", "a", "an", "of", "in", "on", "at", "is", "are", "there", "and", "to", "for", "with",
        "my", "our", "street", "corner", "trash", "light", "pothole", "water", "leak", "noise",
        "thanks", "thank", "hello", "please", "can", "near", "between", "week", "days", "full",
        "broken", "need", "help", "car", "dog", "neighbor", "also", "but", "it", "this", "that",
    ]

    /// `es` or `en` (BCP 47), or `fallback` when the text gives no sign either way.
    public static func language(of text: String, fallback: String = "en") -> String {
        var es = 0
        var en = 0
        for ch in text where "ñ¿¡áéíóú".contains(ch) { es += 2 }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter })
        for w in words {
            if spanishWords.contains(w) { es += 1 }
            if englishWords.contains(w) { en += 1 }
        }
        if es > en { return "es" }
        if en > es { return "en" }
        return fallback
    }

    /// The primary subtag of a BCP 47 tag that we have templates for, else `en`.
    public static func supported(_ tag: String) -> String {
        let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? "en"
        return primary == "es" ? "es" : "en"
    }
}

/// Words that say nothing about which problem a report is about, in English and Spanish
/// (folded: no accents).
enum Stopwords {
    static let all: Set<String> = [
        // English
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
        "there", "here", "i", "me", "my", "we", "our", "you", "your", "he", "she", "they", "them", "their",
        "has", "have", "had", "do", "does", "did", "not", "no", "so", "very", "just", "also", "can",
        "could", "would", "should", "will", "please", "thanks", "thank", "hi", "hello", "again", "still",
        "near", "by", "about", "as", "if", "than", "too", "up", "out", "into", "over", "some", "any",
        "all", "been", "im", "its", "theres", "what", "which", "who", "when", "where", "how",
        // Spanish
        "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "y", "o", "pero",
        "en", "con", "por", "para", "que", "es", "son", "esta", "estan", "hay", "muy", "mi", "mis",
        "su", "sus", "nuestro", "nuestra", "yo", "se", "le", "les", "lo", "ya", "otra", "otro",
        "vez", "todavia", "aun", "favor", "gracias", "hola", "cerca", "como", "cuando", "donde",
        "este", "ese", "esa", "eso", "esto", "tambien", "mas", "sin", "sobre", "entre", "desde",
    ]
}

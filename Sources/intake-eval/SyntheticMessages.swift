/// Resident-style messages for the speed benchmark, written for it (no 311 free text is used):
/// problem sentences in English and Spanish with varying detail.
enum SyntheticMessages {
    static let openings = [
        "Hi, ", "Hello, I want to report that ", "", "Please send someone, ", "Hola, ", "Buenas tardes, ",
        "Good morning. ", "", "Por favor, ", "This is the third time I call: ",
    ]
    static let problems = [
        "there is a huge pothole in the right lane that is damaging cars",
        "hay un bache muy grande en la calle frente a mi casa",
        "the street light on the corner has been out for two weeks",
        "la luminaria de la esquina no sirve desde hace una semana",
        "someone sprayed graffiti all over the wall of the park",
        "pintaron grafiti en la pared de la tienda",
        "somebody dumped a mattress and old tires in the alley",
        "tiraron basura y un colchon en el callejon",
        "an abandoned car with no plates has been parked here for weeks",
        "hay un carro abandonado sin placas desde hace un mes",
        "water is gushing from a broken pipe into the street",
        "hay una fuga de agua en la banqueta",
        "my neighbors play loud music every night until 3 am",
        "el perro del vecino ladrando toda la noche, mucho ruido",
        "the trash was not picked up this week and the cans are overflowing",
        "no recogieron la basura esta semana",
        "I need a bulk pickup for an old couch and a fridge",
        "there is a homeless encampment with several tents under the bridge",
        "hay un campamento con casas de campana junto al rio",
        "I am being evicted and need help with rent",
        "me van a desalojar y no tengo donde vivir",
        "there is smoke and fire coming from the house next door",
        "hay un incendio en la casa de al lado",
        "I smell gas near the meter",
        "the sidewalk is cracked and someone could trip",
        "the traffic signal is stuck on red",
    ]
    static let closings = [
        "", " Thank you.", " Gracias.", " Please fix it soon.", " It is dangerous for the kids walking to school.",
        " Ya llame antes y nadie vino.", "",
    ]

    static func make(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            openings[Int(rng.next() % UInt64(openings.count))]
                + problems[Int(rng.next() % UInt64(problems.count))]
                + closings[Int(rng.next() % UInt64(closings.count))]
        }
    }
}

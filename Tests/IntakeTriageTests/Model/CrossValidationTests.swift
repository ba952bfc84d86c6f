import Foundation
import IntakeTriage
import Testing

@Suite("Triage model: cross-validation and the model file")
struct CrossValidationTests {
    static let labels = Array(repeating: "a", count: 13) + Array(repeating: "b", count: 7) + Array(repeating: "c", count: 3)

    @Test("folds partition the rows: each row in one fold, sizes within one, each category spread evenly")
    func partition() {
        let k = 5
        let folds = CrossValidation.folds(labels: Self.labels, k: k, seed: 7)
        #expect(folds.count == Self.labels.count)
        #expect(folds.allSatisfy { (0..<k).contains($0) })
        let sizes = (0..<k).map { f in folds.filter { $0 == f }.count }
        #expect(sizes.reduce(0, +) == Self.labels.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
        for category in ["a", "b", "c"] {
            let perFold = (0..<k).map { f in folds.indices.filter { folds[$0] == f && Self.labels[$0] == category }.count }
            #expect(perFold.max()! - perFold.min()! <= 1)
        }
        // A fixed seed gives the same folds; another seed another shuffle.
        #expect(CrossValidation.folds(labels: Self.labels, k: k, seed: 7) == folds)
        #expect(CrossValidation.folds(labels: Self.labels, k: k, seed: 8) != folds)
    }

    @Test("every row is judged once, by a model that did not see it")
    func judgedOnce() {
        let docs = [
            ("hole in the road", "pothole"), ("deep hole road", "pothole"), ("road hole again", "pothole"), ("hole hole", "pothole"),
            ("light out", "streetlight"), ("the light is out", "streetlight"), ("light dark", "streetlight"), ("out light", "streetlight"),
        ].map { NaiveBayes.Document(TrainingExample(text: $0.0, category: $0.1)) }
        var folds: [Int] = []
        let scores = CrossValidation.run(docs, k: 4) { folds.append($0) }
        #expect(folds == [1, 2, 3, 4])
        #expect(scores.total == docs.count)
        #expect(scores.support == ["pothole": 4, "streetlight": 4])
        #expect(scores.accuracy == 1)
        #expect(scores.precision("pothole") == 1 && scores.recall("streetlight") == 1)
        #expect(scores.report().contains("accuracy: 8 / 8 = 100.0 %"))
    }

    @Test("precision and recall per category")
    func scores() {
        var s = CategoryScores()
        s.record(truth: "a", judged: "a")
        s.record(truth: "a", judged: "b")
        s.record(truth: "b", judged: "b")
        s.record(truth: "c", judged: "b")
        #expect(s.precision("b") == 1.0 / 3)
        #expect(s.recall("a") == 0.5)
        #expect(s.precision("c") == nil)
        #expect(s.recall("c") == 0)
        #expect(s.accuracy == 0.5)
    }

    @Test("a model file reads back as the same model; a file of another format or recipe is refused")
    func fileRoundTrip() throws {
        var model = NaiveBayes.train(NaiveBayesTests.corpus.map(NaiveBayes.Document.init))
        model.threshold = 0.85
        let path = NSTemporaryDirectory() + "triage-model-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.write(to: path)
        let read = try TriageModel(path: path)
        #expect(read == model)
        #expect(read.predict("big pothole") == model.predict("big pothole"))

        var json = try #require(try JSONSerialization.jsonObject(with: model.fileData()) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        #expect(json["features"] as? String == ModelFeatures.recipe)
        json["format"] = 99
        #expect(throws: TriageModel.FileError.self) { try TriageModel(data: JSONSerialization.data(withJSONObject: json)) }
        json["format"] = 1
        json["features"] = "stemmed/9"
        #expect(throws: TriageModel.FileError.self) { try TriageModel(data: JSONSerialization.data(withJSONObject: json)) }
        json["features"] = ModelFeatures.recipe
        json["log_priors"] = [0.0]
        #expect(throws: TriageModel.FileError.self) { try TriageModel(data: JSONSerialization.data(withJSONObject: json)) }
        #expect(throws: TriageModel.FileError.self) { try TriageModel(path: path + ".missing") }
    }
}

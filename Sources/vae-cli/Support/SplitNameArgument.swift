import ArgumentParser
import Datasets

/// `--split train|validation|test`.
extension SplitName: ExpressibleByArgument {}

/// An error every rank of an MPI job meets at the same point (options the ranks disagree on, a
/// non-finite loss summed over the ranks, a stop they all agreed on): rank 0 reports it once and
/// every rank ends normally with its exit code, where an error of one rank alone aborts the job.
struct JobWideFailure: Error {
    let error: Error
    init(_ error: Error) { self.error = error }
}

// Each scenario runs a whole federation of processes; on 2 cores two at once would only make both slow.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

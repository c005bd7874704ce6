using HstFederation.MatchingEval;

return await EvalMain.RunAsync(args);

# R's side of the statistics benchmark (bench/stats/run.sh): times metafor's rma and R's
# fisher.test and chisq.test on the inputs make_inputs wrote, with the same rule and the same
# output as stats_bench.cpp, so run.sh can set the two side by side.
#
#   Rscript bench/stats/stats_bench.R INPUT_DIR [CASE_ID ...]   # all cases when none named
#
# Output, one tab-separated line per case:
#   id  median_seconds_per_call  calls_timed  ok|error: message  name=value;name=value…
# Start-up, loading metafor and reading the CSV files are not timed: only the calls are.
#
# Timing: one untimed warm-up call gives a first estimate t0; calls then run in batches of
# max(1, floor(0.01 s / t0)), each batch timed with Sys.time(), until at least 3 batches and
# 0.2 s have passed; the result is the median over batches of the time per call.
# What is timed per case kind:
#   meta_dl / meta_reml  rma(xi=, ni=, measure="PLO", method="DL" / "REML") — escalc + model
#   pool_dl / pool_reml  rma(yi=, vi=, method=…) on the precomputed effect sizes
#   fisher               fisher.test(table): p-value, conditional MLE and its 95% interval
#   chisq                chisq.test(table, correct = FALSE)
suppressPackageStartupMessages(library(metafor))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript stats_bench.R INPUT_DIR [CASE_ID ...]")
dir <- args[1]
wanted <- args[-1]

now <- function() as.numeric(Sys.time())

time_calls <- function(call) {
  start <- now()
  first <- call()
  t0 <- now() - start
  batch <- max(1, floor(0.01 / max(t0, 1e-9)))
  per_call <- numeric(0)
  spent <- 0
  while (length(per_call) < 3 || spent < 0.2) {
    start <- now()
    for (i in seq_len(batch)) call()
    elapsed <- now() - start
    spent <- spent + elapsed
    per_call <- c(per_call, elapsed / batch)
  }
  list(first = first, median = median(per_call), calls = batch * length(per_call))
}

values <- function(...) {
  v <- c(...)
  paste(sprintf("%s=%.17g", names(v), v), collapse = ";")
}

read_table <- function(file) unname(as.matrix(read.csv(file.path(dir, file), header = FALSE)))

run_case <- function(kind, input) {
  if (kind %in% c("meta_dl", "meta_reml", "pool_dl", "pool_reml")) {
    d <- read.csv(file.path(dir, input))
    method <- if (endsWith(kind, "_reml")) "REML" else "DL"
    call <- if (startsWith(kind, "meta_")) {
      function() rma(xi = d$events, ni = d$total, measure = "PLO", method = method)
    } else {
      function() rma(yi = d$yi, vi = d$vi, method = method)
    }
    t <- time_calls(call)
    r <- t$first
    t$values <- values(estimate = as.numeric(r$b), se = r$se, tau2 = r$tau2, q = r$QE)
    return(t)
  }
  m <- read_table(input)
  if (kind == "fisher") {
    t <- time_calls(function() fisher.test(m))
    f <- t$first
    t$values <- values(p = f$p.value, or = unname(f$estimate), lower = f$conf.int[1], upper = f$conf.int[2])
    return(t)
  }
  t <- time_calls(function() chisq.test(m, correct = FALSE))
  t$values <- values(statistic = unname(t$first$statistic), p = t$first$p.value)
  t
}

cases <- read.csv(file.path(dir, "cases.csv"), stringsAsFactors = FALSE)
for (i in seq_len(nrow(cases))) {
  id <- cases$id[i]
  if (length(wanted) > 0 && !(id %in% wanted)) next
  invisible(gc())
  line <- tryCatch({
    t <- run_case(cases$kind[i], cases$input[i])
    sprintf("%s\t%.9g\t%d\tok\t%s", id, t$median, as.integer(t$calls), t$values)
  }, error = function(e) {
    sprintf("%s\tNA\t0\terror: %s\t", id, gsub("[\t\n]+", " ", conditionMessage(e)))
  })
  cat(line, "\n", sep = "")
  flush(stdout())
}

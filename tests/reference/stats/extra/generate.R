# Extra reference values for src/stats, on data other than ../shared/reference/stats:
# random datasets for every method, PAS, one and two studies, large Fisher tables,
# McNemar and EARS with a minimum sigma. Run from this folder:
#   Rscript generate.R > extra.json
# (R 4.2.2, metafor 3.8-1 and jsonlite from Debian 12's r-base-core, r-cran-metafor and r-cran-jsonlite.)
suppressMessages({ library(metafor); library(jsonlite) })
set.seed(20261123)
ctrl <- list(threshold = 1e-13, maxiter = 10000)

meta_case <- function(name, xi, ni) {
  out <- list()
  for (measure in c("PR", "PLO", "PAS", "PFT")) {
    for (method in c("FE", "DL", "REML")) {
      dat <- escalc(measure = measure, xi = xi, ni = ni)
      res <- rma(yi, vi, data = dat, method = method, control = ctrl)
      tr <- switch(measure, PR = NULL, PLO = transf.ilogit, PAS = transf.iarcsin, PFT = transf.ipft.hm)
      targs <- if (measure == "PFT") list(ni = ni) else NULL
      pr <- if (is.null(tr)) predict(res) else predict(res, transf = tr, targs = targs)
      pt <- predict(res)
      w <- weights(res)
      out[[length(out) + 1]] <- list(
        measure = measure, method = method, k = res$k, yi = as.vector(dat$yi), vi = as.vector(dat$vi),
        weights_percent = as.vector(w), estimate = as.vector(res$b), se = res$se, zval = res$zval,
        pval = res$pval, ci_lb = res$ci.lb, ci_ub = res$ci.ub, tau2 = res$tau2,
        se_tau2 = if (is.na(res$se.tau2)) NULL else res$se.tau2,
        I2 = res$I2, H2 = res$H2, Q = res$QE, Q_p = res$QEp,
        pi_lb = if (is.null(pt$pi.lb)) NULL else pt$pi.lb, pi_ub = if (is.null(pt$pi.ub)) NULL else pt$pi.ub,
        prop_estimate = pr$pred, prop_ci_lb = pr$ci.lb, prop_ci_ub = pr$ci.ub,
        prop_pi_lb = if (is.null(pr$pi.lb)) NULL else pr$pi.lb,
        prop_pi_ub = if (is.null(pr$pi.ub)) NULL else pr$pi.ub)
    }
  }
  list(name = name, xi = xi, ni = ni, analyses = out)
}

ni1 <- sample(20:400, 20, replace = TRUE)
xi1 <- rbinom(20, ni1, plogis(rnorm(20, -1, 0.8)))
ni2 <- c(30, 12, 55, 8, 100, 41)
xi2 <- c(0, 12, 3, 8, 1, 20)
meta <- list(
  meta_case("random_k20", xi1, ni1),
  meta_case("zeros_and_all_k6", xi2, ni2),
  meta_case("one_study", c(7), c(25)),
  meta_case("two_homogeneous", c(10, 21), c(50, 100)),
  meta_case("large_n_k5", c(1234, 2500, 3100, 800, 4321), c(10000, 12000, 15000, 9000, 20000))
)

# Cumulative (in the order of year) and leave-one-out, REML and PFT on random_k20.
year <- sample(1990:2020, 20)
dat <- escalc(measure = "PLO", xi = xi1, ni = ni1)
res <- rma(yi, vi, data = dat, method = "REML", control = ctrl)
cm <- cumul(res, order = year)
l1 <- leave1out(res)
res_ft <- rma(yi, vi, data = escalc(measure = "PFT", xi = xi1, ni = ni1), method = "DL")
l1_ft <- leave1out(res_ft)
group <- ifelse(seq_along(xi1) %% 3 == 0, "north", ifelse(seq_along(xi1) %% 3 == 1, "south", "east"))
sub <- lapply(c("south", "east", "north"), function(g) {
  r <- rma(yi, vi, data = dat, subset = group == g, method = "REML", control = ctrl)
  list(group = g, k = r$k, estimate = as.vector(r$b), se = r$se, tau2 = r$tau2, Q = r$QE)
})
est <- sapply(sub, function(s) s$estimate); se <- sapply(sub, function(s) s$se)
qb <- rma(est, sei = se, method = "FE")
extras <- list(
  xi = xi1, ni = ni1, year = year, group = group,
  cumulative_PLO_REML = list(order = order(year) - 1, estimate = cm$estimate, ci_lb = cm$ci.lb, ci_ub = cm$ci.ub,
                             tau2 = cm$tau2, I2 = cm$I2, Q = cm$Q),
  leave1out_PLO_REML = list(estimate = l1$estimate, se = l1$se, tau2 = l1$tau2, I2 = l1$I2, Q = l1$Q, Qp = l1$Qp),
  leave1out_PFT_DL = list(estimate = l1_ft$estimate, tau2 = l1_ft$tau2, I2 = l1_ft$I2, Q = l1_ft$Q),
  subgroups_PLO_REML = list(groups = sub, Q_between = qb$QE, Q_between_p = qb$QEp))

# Proportions.
props <- lapply(list(c(0, 1), c(1, 1), c(2, 3), c(7, 9), c(13, 40), c(120, 200), c(999, 1000), c(6, 12), c(0, 3)),
  function(c) {
    x <- c[1]; n <- c[2]
    list(x = x, n = n, level = 90,
         wilson = as.vector(prop.test(x, n, correct = FALSE, conf.level = 0.9)$conf.int),
         wilson_cc = as.vector(prop.test(x, n, correct = TRUE, conf.level = 0.9)$conf.int),
         exact = as.vector(binom.test(x, n, conf.level = 0.9)$conf.int))
  })

# Fisher with a precise conditional MLE and CI (fisher.test's own equations, tight tolerance).
fisher_precise <- function(tab, conf.level = 0.95) {
  m <- sum(tab[, 1]); n <- sum(tab[, 2]); k <- sum(tab[1, ]); x <- tab[1, 1]
  lo <- max(0, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dn <- function(t) { d <- logdc + t * support; d <- exp(d - max(d)); d / sum(d) }
  mn <- function(t) sum(support * dn(t))
  pn <- function(q, t, upper) { d <- dn(t); if (upper) sum(d[support >= q]) else sum(d[support <= q]) }
  solve <- function(f) uniroot(f, c(-50, 50), tol = 1e-14, maxiter = 10000)$root
  alpha <- (1 - conf.level) / 2
  mle <- if (x == lo) 0 else if (x == hi) Inf else exp(solve(function(t) mn(t) - x))
  lower <- if (x == lo) 0 else exp(solve(function(t) pn(x, t, TRUE) - alpha))
  upper <- if (x == hi) Inf else exp(solve(function(t) pn(x, t, FALSE) - alpha))
  list(odds_ratio = mle, ci = c(lower, upper))
}
tables <- list(matrix(c(3, 9, 17, 4), 2), matrix(c(0, 7, 12, 30), 2), matrix(c(250, 4750, 300, 4700), 2),
               matrix(c(20000, 30000, 21000, 29000), 2), matrix(c(5, 0, 0, 5), 2), matrix(c(1, 40, 1, 2), 2),
               # Large and lopsided: supports of 100,000+ values, one cell next to its bound.
               matrix(c(120148, 172406, 124799, 153878), 2, byrow = TRUE),
               matrix(c(199227, 183711, 138230, 1), 2, byrow = TRUE),
               matrix(c(198787, 30928, 188, 183887), 2, byrow = TRUE))
fisher <- lapply(tables, function(t) {
  ft <- fisher.test(t); p <- fisher_precise(t)
  list(table = lapply(seq_len(nrow(t)), function(i) t[i, ]),
       p = ft$p.value, p_less = fisher.test(t, alternative = "less")$p.value,
       p_greater = fisher.test(t, alternative = "greater")$p.value,
       odds_ratio = if (is.infinite(p$odds_ratio)) "Inf" else p$odds_ratio,
       ci_lb = p$ci[1], ci_ub = if (is.infinite(p$ci[2])) "Inf" else p$ci[2],
       chisq = suppressWarnings(chisq.test(t, correct = FALSE)$statistic),
       chisq_p = suppressWarnings(chisq.test(t, correct = FALSE)$p.value),
       yates = suppressWarnings(chisq.test(t, correct = TRUE)$statistic),
       yates_p = suppressWarnings(chisq.test(t, correct = TRUE)$p.value))
})
rxc <- lapply(list(matrix(rpois(12, 30), 3), matrix(rpois(20, 8) + 1, 4), matrix(c(1, 2, 3, 4, 5, 6, 7, 8, 9), 3)),
  function(t) {
    ct <- suppressWarnings(chisq.test(t))
    list(table = lapply(seq_len(nrow(t)), function(i) t[i, ]), statistic = unname(ct$statistic),
         df = unname(ct$parameter), p = ct$p.value)
  })

# McNemar: a = both yes, b = yes→no, c = no→yes, d = both no.
mcnemar <- lapply(list(c(20, 15, 5, 60), c(10, 3, 3, 10), c(0, 1, 0, 0), c(50, 40, 12, 100), c(5, 0, 9, 5)),
  function(v) {
    m <- matrix(c(v[1], v[3], v[2], v[4]), 2)
    list(both_yes = v[1], yes_no = v[2], no_yes = v[3], both_no = v[4],
         statistic = unname(mcnemar.test(m)$statistic), p = mcnemar.test(m)$p.value,
         statistic_uncorrected = unname(mcnemar.test(m, correct = FALSE)$statistic),
         p_uncorrected = mcnemar.test(m, correct = FALSE)$p.value,
         exact_p = binom.test(v[2], v[2] + v[3])$p.value)
  })

# Trend.
trend <- lapply(1:3, function(i) {
  n <- sample(30:200, 6); x <- rbinom(6, n, seq(0.2, 0.2 + 0.05 * i, length.out = 6)); s <- c(0, 1, 2, 4, 8, 16)
  list(x = x, n = n, score = s, chisq_default = unname(prop.trend.test(x, n)$statistic),
       p_default = prop.trend.test(x, n)$p.value, chisq_score = unname(prop.trend.test(x, n, s)$statistic),
       p_score = prop.trend.test(x, n, s)$p.value)
})

# EARS with a minimum sigma, base R.
y <- c(rpois(30, 3), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 9)
ears <- function(y, lag, floor) sapply(seq_along(y), function(t) {
  if (t <= lag + 6) return(NA)
  b <- y[(t - lag - 6):(t - lag)]; (y[t] - mean(b)) / max(sd(b), floor)
})
c1 <- ears(y, 1, 0.5); c2 <- ears(y, 3, 0.5)
c3 <- sapply(seq_along(y), function(t) if (t < 12) NA else sum(pmax(0, c2[(t - 2):t] - 1)))
ears_out <- list(counts = y, min_sigma = 0.5, C1 = c1, C2 = c2, C3 = c3)

cat(toJSON(list(generated_by = "tests/reference/stats/extra/generate.R", R = R.version.string,
                metafor = as.character(packageVersion("metafor")), meta = meta, meta_extras = extras,
                proportions = props, fisher = fisher, rxc = rxc, mcnemar = mcnemar, trend = trend, ears = ears_out),
           auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE))

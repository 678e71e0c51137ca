# Reference values for tests/test_counts.py: negative-binomial distributed-lag
# regressions fitted by R's MASS::glm.nb on the committed daily counts.
#
# Regenerate (needs Debian packages r-base-core and r-cran-mass; the test suite does
# not need R):
#   cd tests/reference && Rscript glm_nb.R
# Input:  glm_nb_counts.csv  (date, militia, us: daily counts of the militia-US dyad)
# Output: glm_nb_reference.csv (model, term, estimate, std_error; plus rows theta,
#         SE.theta, loglik), 15 significant digits.
#
# The two models mirror analysis.CountModel:
#   "us_log1p_phases":  us ~ const + phase1 + phase2 + log1p(lags 1-3 of militia, us)
#                       phase1 = [2023-10-17, 2024-02-05), phase2 = [2024-02-05, ...)
#   "militia_identity_trend": militia ~ const + trend + lags 1-2 of militia, us (raw)
#                       trend = (date - first date) / 365.25
# The first L days are the pre-sample (dropped), as in CountModel.

suppressPackageStartupMessages(library(MASS))

counts <- read.csv("glm_nb_counts.csv", stringsAsFactors = FALSE)
counts$date <- as.Date(counts$date)
n <- nrow(counts)

lagged <- function(x, l) c(rep(NA, l), x[seq_len(length(x) - l)])

design <- function(L, transform) {
  d <- data.frame(row.names = seq_len(n))
  for (side in c("militia", "us")) {
    for (l in seq_len(L)) {
      d[[paste0(side, ".L", l)]] <- transform(lagged(counts[[side]], l))
    }
  }
  d
}

fit_one <- function(name, response, L, transform, extra) {
  d <- cbind(extra, design(L, transform))
  d$y <- counts[[response]]
  d <- d[(L + 1):n, ]
  fit <- glm.nb(y ~ ., data = d, control = glm.control(epsilon = 1e-12, maxit = 200))
  s <- summary(fit)$coefficients
  terms <- rownames(s)
  terms[terms == "(Intercept)"] <- "const"
  out <- data.frame(model = name, term = terms, estimate = s[, "Estimate"],
                    std_error = s[, "Std. Error"], stringsAsFactors = FALSE)
  extra_rows <- data.frame(model = name, term = c("theta", "SE.theta", "loglik"),
                           estimate = c(fit$theta, fit$SE.theta, as.numeric(logLik(fit))),
                           std_error = NA, stringsAsFactors = FALSE)
  rbind(out, extra_rows)
}

phase1 <- as.numeric(counts$date >= as.Date("2023-10-17") & counts$date < as.Date("2024-02-05"))
phase2 <- as.numeric(counts$date >= as.Date("2024-02-05"))
trend <- as.numeric(counts$date - counts$date[1]) / 365.25

ref <- rbind(
  fit_one("us_log1p_phases", "us", 3, log1p,
          data.frame(phase1 = phase1, phase2 = phase2)),
  fit_one("militia_identity_trend", "militia", 2, identity, data.frame(trend = trend))
)
rownames(ref) <- NULL
ref$estimate <- signif(ref$estimate, 15)
ref$std_error <- signif(ref$std_error, 15)
write.csv(ref, "glm_nb_reference.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("R %s, MASS %s\n", getRversion(), packageVersion("MASS")))
print(ref, digits = 10)

# Reference values for tests/test_sna.py, computed once with R sna and igraph.
#
#   Rscript tests/data/sna/reference.R > reference.out
#
# Each graph is given as the ties of an initiative: `directed` ties (funding, referral, data
# sharing: one arc source -> target) and `mutual` ties (communication, joint planning: arcs both
# ways), the way collective_impact.analysis.network builds its directed view. The vertices are
# the partner ids in sorted order (written out, so that R's locale does not reorder them).
# The output is Python literals, pasted into tests/test_sna.py.
suppressPackageStartupMessages(library(sna))  # igraph is used through igraph::, not attached
stopifnot(requireNamespace("igraph", quietly = TRUE))

graphs <- list()

# 1. A small directed graph: mutual ties (one entered as two directed ties), a second
#    component f-g-h and an isolate i.
graphs$small <- list(
  ids = c("a", "b", "c", "d", "e", "f", "g", "h", "i"),
  directed = rbind(c("a", "b"), c("b", "a"), c("c", "a"), c("c", "d"), c("e", "c"),
                   c("d", "b"), c("f", "g")),
  mutual = rbind(c("b", "c"), c("d", "e"), c("g", "h")),
  groups = c(a = "government", b = "nonprofit", c = "nonprofit", d = "business",
             e = "business", f = "government", g = "community", h = "community", i = "faith")
)

# 2. A star: a hub and six spokes, mutual ties.
graphs$star <- list(
  ids = c("hub", "s1", "s2", "s3", "s4", "s5", "s6"),
  directed = matrix(character(0), ncol = 2),
  mutual = cbind("hub", c("s1", "s2", "s3", "s4", "s5", "s6")),
  groups = c(hub = "nonprofit", s1 = "government", s2 = "government", s3 = "business",
             s4 = "business", s5 = "nonprofit", s6 = "nonprofit")
)

# 3. A random digraph on 30 vertices (Bernoulli arcs, probability 0.1, seed 14), every arc a
#    directed tie; the groups are three sectors in turn.
set.seed(14)
rg <- rgraph(30, tprob = 0.1)
ids30 <- sprintf("p%02d", 0:29)
arcs30 <- which(rg == 1, arr.ind = TRUE)
arcs30 <- arcs30[order(arcs30[, 1], arcs30[, 2]), , drop = FALSE]
graphs$random30 <- list(
  ids = ids30,
  directed = cbind(ids30[arcs30[, 1]], ids30[arcs30[, 2]]),
  mutual = matrix(character(0), ncol = 2),
  groups = setNames(rep(c("government", "nonprofit", "business"), 10), ids30)
)

num <- function(x) {
  x <- as.numeric(x)
  paste0("[", paste(ifelse(is.na(x), "NAN", sprintf("%.17g", x)), collapse = ", "), "]")
}
one <- function(x) if (is.na(x)) "NAN" else sprintf("%.17g", as.numeric(x))
pairs <- function(m) paste0("[", paste(sprintf("(\"%s\", \"%s\")", m[, 1], m[, 2]),
                                        collapse = ", "), "]")

# Eigenvector centrality as sna::evcent(use.eigen = TRUE), made non-negative (the sign of an
# eigenvector from LAPACK is arbitrary).
ev <- function(x, gmode) abs(Re(evcent(x, gmode = gmode, use.eigen = TRUE)))
cent <- function(values, tmax) sum(max(values) - values) / tmax

cat("# R:", R.version.string, "| sna", as.character(packageVersion("sna")),
    "| igraph", as.character(packageVersion("igraph")), "| run", format(Sys.Date()), "\n")
cat("REFERENCE = {\n")
for (name in names(graphs)) {
  g <- graphs[[name]]
  n <- length(g$ids)
  arcs <- unique(rbind(g$directed, g$mutual, g$mutual[, 2:1, drop = FALSE]))
  a <- matrix(0, n, n, dimnames = list(g$ids, g$ids))
  a[cbind(match(arcs[, 1], g$ids), match(arcs[, 2], g$ids))] <- 1
  s <- symmetrize(a, rule = "weak")
  ig <- igraph::graph_from_adjacency_matrix(s, mode = "undirected")
  und <- degree(s, gmode = "graph")
  ties_among <- diag(s %*% s %*% s) / 2      # ties among each vertex's neighbours
  lead <- eigen(a)$values
  cat(sprintf("    \"%s\": {\n", name))
  cat("        \"directed\":", pairs(g$directed), ",\n")
  cat("        \"mutual\":", pairs(g$mutual), ",\n")
  cat("        \"leading_eigenvalues\":", num(Mod(lead[order(-Mod(lead))][1:3])), ",\n")
  cat("        \"indegree\":", num(degree(a, cmode = "indegree")), ",\n")
  cat("        \"outdegree\":", num(degree(a, cmode = "outdegree")), ",\n")
  cat("        \"degree\":", num(degree(a, cmode = "freeman")), ",\n")
  cat("        \"betweenness\":", num(betweenness(a, gmode = "digraph")), ",\n")
  cat("        \"betweenness_undirected\":", num(betweenness(s, gmode = "graph")), ",\n")
  cat("        \"closeness\":", num(closeness(a, gmode = "digraph", cmode = "suminvdir")), ",\n")
  cat("        \"closeness_undirected\":",
      num(closeness(s, gmode = "graph", cmode = "suminvundir")), ",\n")
  cat("        \"eigenvector\":", num(ev(s, "graph")), ",\n")
  cat("        \"eigenvector_directed\":", num(ev(a, "digraph")), ",\n")
  cat("        \"constraint\":", num(igraph::constraint(ig)), ",\n")
  cat("        \"effective_size\":", num(ifelse(und > 0, und - 2 * ties_among / und, NA)), ",\n")
  br <- brokerage(a, g$groups[g$ids])$raw.nli
  for (role in c("w_I", "w_O", "b_IO", "b_OI", "b_O")) {
    cat(sprintf("        \"brokerage_%s\":", role), num(br[, role]), ",\n")
  }
  cat("        \"centralization\": {\n")
  cat("            (\"degree\", True):", one(centralization(a, degree, mode = "digraph")), ",\n")
  cat("            (\"degree\", False):", one(centralization(s, degree, mode = "graph")), ",\n")
  cat("            (\"betweenness\", True):",
      one(centralization(a, betweenness, mode = "digraph")), ",\n")
  cat("            (\"betweenness\", False):",
      one(centralization(s, betweenness, mode = "graph")), ",\n")
  cat("            (\"closeness\", True):",
      one(centralization(a, closeness, mode = "digraph", cmode = "suminvdir")), ",\n")
  cat("            (\"closeness\", False):",
      one(centralization(s, closeness, mode = "graph", cmode = "suminvundir")), ",\n")
  cat("            (\"eigenvector\", True):",
      one(cent(ev(a, "digraph"), evcent(a, gmode = "digraph", tmaxdev = TRUE))), ",\n")
  cat("            (\"eigenvector\", False):",
      one(cent(ev(s, "graph"), evcent(s, gmode = "graph", tmaxdev = TRUE))), ",\n")
  cat("        },\n")
  cat("        \"reciprocity_dyadic\":", one(grecip(a, measure = "dyadic")), ",\n")
  cat("        \"reciprocity_edgewise\":", one(grecip(a, measure = "edgewise")), ",\n")
  strong <- component.dist(a, connected = "strong")
  weak <- component.dist(a, connected = "weak")
  cat("        \"strong_membership\":", num(strong$membership), ",\n")
  cat("        \"weak_membership\":", num(weak$membership), ",\n")
  cat("        \"transitivity\":", one(gtrans(a, measure = "weak")), ",\n")
  cat("        \"transitivity_undirected\":", one(gtrans(s, mode = "graph", measure = "weak")),
      ",\n")
  cat("        \"igraph_transitivity_undirected\":", one(igraph::transitivity(ig, type = "global")), ",\n")
  cat("        \"connectedness\":", one(connectedness(a)), ",\n")
  cat("        \"hierarchy\":", one(hierarchy(a, measure = "krackhardt")), ",\n")
  cat("        \"efficiency\":", one(efficiency(a)), ",\n")
  cat("        \"lubness\":", one(lubness(a)), ",\n")
  cat("    },\n")
}
cat("}\n")

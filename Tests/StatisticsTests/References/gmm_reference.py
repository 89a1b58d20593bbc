# The float64 reference values pinned in GaussianMixtureTests: log-densities of a fixed mixture by
# scipy.stats.multivariate_normal and logsumexp, and one EM step (scikit-learn's M-step with
# reg_covar 1e-6 and the 10 eps weight floor) in numpy, on samples regenerated bit for bit.
# Run: ~/venv-scipy/bin/python gmm_reference.py
import math, numpy as np, sys
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fd_reference import SM
from scipy.stats import multivariate_normal
from scipy.special import logsumexp

def mixture_data(seed, n):
    centres=[[0.0,0,0],[6.0,0,-3],[0.0,7,4]]; scales=[1.0,0.5,1.5]; weights=[0.3,0.5,0.2]
    g=SM(seed); rows=[]
    for _ in range(n):
        u=g.uniform(); c=2; cum=0.0
        for i,w in enumerate(weights):
            cum+=w
            if u<cum: c=i; break
        rows.append([centres[c][j]+scales[c]*g.normal() for j in range(3)])
    return np.array(rows)

X=mixture_data(21,200)
w=np.array([0.4,0.4,0.2]); mu=np.array([[1.0,1,1],[5,0,-2],[0,6,3]])
cov=np.array([[[2,0.3,0.3],[0.3,2,0.3],[0.3,0.3,2]],[[1,0,0],[0,1.5,0.2],[0,0.2,0.8]],[[3,-0.5,0],[-0.5,2,0.1],[0,0.1,1]]])
logp=np.stack([np.log(w[k])+multivariate_normal(mu[k],cov[k]).logpdf(X) for k in range(3)],axis=1)
lse=logsumexp(logp,axis=1)
print("first row", repr(X[0].tolist()))
print("log densities rows 0..2", repr(lse[:3].tolist()))
print("mean ll %.17g" % lse.mean())
r=np.exp(logp-lse[:,None]); nk=r.sum(0)+10*np.finfo(float).eps
mu2=(r.T@X)/nk[:,None]
cov2=[]
for k in range(3):
    d=X-mu2[k]; c=(r[:,k][:,None]*d).T@d/nk[k]; c[np.diag_indices(3)]+=1e-6; cov2.append(c)
print("weights", repr((nk/nk.sum()).tolist()))
print("means", repr(mu2.tolist()))
print("cov[2]", repr(cov2[2].tolist()))

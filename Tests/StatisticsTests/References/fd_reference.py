# The float64 reference values pinned in FrechetDistanceTests and SymmetricEigendecompositionTests.
# Regenerates the tests' samples bit for bit (SplitMix64, Box-Muller through glibc's log/cos, the
# same summation order) and computes FD with scipy.linalg.sqrtm as pytorch-fid does.
# Run: python3 -m venv ~/venv-scipy && ~/venv-scipy/bin/pip install numpy scipy
#      ~/venv-scipy/bin/python fd_reference.py
import math, numpy as np, scipy.linalg
MASK=(1<<64)-1
class SM:
    def __init__(s, seed): s.state=seed
    def next(s):
        s.state=(s.state+0x9E3779B97F4A7C15)&MASK
        z=s.state
        z=((z^(z>>30))*0xBF58476D1CE4E5B9)&MASK
        z=((z^(z>>27))*0x94D049BB133111EB)&MASK
        return z^(z>>31)
    def uniform(s): return (s.next()>>11)*2.0**-53
    def normal(s):
        u1=s.uniform(); u2=s.uniform()
        return math.sqrt(-2*math.log(1-u1))*math.cos(2*math.pi*u2)

def correlated(seed, n, d, shift, spread):
    # x_j = shift*(j+1)/d + sum_k M[j][k] z_k, M[j][k] = spread*(delta_jk + ((j*7+k*3)%5-2)/8)
    g=SM(seed); rows=[]
    for _ in range(n):
        z=[g.normal() for _ in range(d)]
        rows.append([shift*(j+1)/d + sum(spread*((1.0 if j==k else 0.0)+((j*7+k*3)%5-2)/8.0)*z[k] for k in range(d)) for j in range(d)])
    return np.array(rows)

def fd_pytorch(X,Y):
    m1,m2=X.mean(0),Y.mean(0); s1=np.cov(X,rowvar=False); s2=np.cov(Y,rowvar=False)
    cm,_=scipy.linalg.sqrtm(s1@s2,disp=False); cm=cm.real
    diff=m1-m2
    return diff@diff+np.trace(s1)+np.trace(s2)-2*np.trace(cm)

def fd_symmetric(X,Y):
    m1,m2=X.mean(0),Y.mean(0); s1=np.cov(X,rowvar=False); s2=np.cov(Y,rowvar=False)
    r=scipy.linalg.sqrtm(s1).real; cm=scipy.linalg.sqrtm(r@s2@r).real
    diff=m1-m2
    return diff@diff+np.trace(s1)+np.trace(s2)-2*np.trace(cm)

if __name__ == "__main__":
    X=correlated(1,300,6,0.0,1.0); Y=correlated(2,300,6,1.5,0.7)
    print("first row X", repr(X[0].tolist()))
    print("mean X", repr(X.mean(0).tolist()))
    print("cov X [0,0],[0,1]", repr(np.cov(X,rowvar=False)[0,0]), repr(np.cov(X,rowvar=False)[0,1]))
    print("FD pytorch-fid style %.17g" % fd_pytorch(X,Y))
    print("FD symmetric form   %.17g" % fd_symmetric(X,Y))
    # eigenvalues of a fixed symmetric matrix for the eigensolver test
    A=np.array([[ (1.0/(1+i+j)) + (2.0 if i==j else 0.0) for j in range(5)] for i in range(5)])
    print("eig hilbert+2I", repr(np.linalg.eigvalsh(A).tolist()))

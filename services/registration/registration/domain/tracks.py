"""The five tracks (赛题方向) of the 2023 edition (001); a project enters exactly one."""
TRACKS = {
    "quality": ("工业互联网+质量提升解决方案", "Industrial internet + quality improvement"),
    "servitization": ("工业互联网+产品服务化解决方案", "Industrial internet + product servitization"),
    "industrial-brain": ("工业互联网+工业大脑解决方案", "Industrial internet + industrial brain"),
    "supply-chain": ("工业互联网+稳链强链解决方案", "Industrial internet + resilient supply chains"),
    "green": ("工业互联网+绿色低碳解决方案", "Industrial internet + green and low-carbon"),
}

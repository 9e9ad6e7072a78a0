"""Demo data: Thái Bình's unit tree, the Sở TT&TT monthly template, users, the sample report."""

print("composure")
